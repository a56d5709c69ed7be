/**
 * A policy saves its spec resolved (every default filled in, for every net and optimizer kind),
 * and the resolver rejects keys that do not belong to the chosen net type or optimizer. This
 * turns a saved resolved spec back into resolver input: keys the resolver names as not belonging
 * are dropped, and the result must resolve to exactly the saved spec, or it is a StorageError.
 */
import { resolveSpec } from '../spec';
import { BC_KEYS, DQFD_KEYS } from '../spec/algorithm_spec';
import type { ResolvedSpec } from '../spec/types';
import { SpecError, StorageError } from '../util/errors';

/**
 * Keys a policy saved before they existed lacks (the demonstration keys of agent.algorithm):
 * they resolve to their defaults, so the saved spec is compared with them filled in from the
 * resolved one. Nothing else may differ.
 */
const LATER_ALGORITHM_KEYS: readonly string[] = ['demo_pretrain_steps', ...DQFD_KEYS, ...BC_KEYS];

function withLaterKeys(saved: ResolvedSpec, resolved: ResolvedSpec): ResolvedSpec {
  const have = saved.agent?.algorithm as unknown as Record<string, unknown> | undefined;
  const fill = resolved.agent.algorithm as unknown as Record<string, unknown>;
  if (typeof have !== 'object' || have === null || !LATER_ALGORITHM_KEYS.some((k) => k in fill && !(k in have))) return saved;
  // Keys in the resolver's order, so the two JSON texts compare equal when nothing else differs.
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(fill)) {
    if (k in have) ordered[k] = have[k];
    else if (LATER_ALGORITHM_KEYS.includes(k)) ordered[k] = fill[k];
  }
  for (const k of Object.keys(have)) if (!(k in ordered)) ordered[k] = have[k];
  return { ...saved, agent: { ...saved.agent, algorithm: ordered as unknown as ResolvedSpec['agent']['algorithm'] } };
}

/** Passes of dropping keys; the resolver reports every problem at once, so 2 or 3 suffice. */
const MAX_PASSES = 5;

/** Deletes the key at a problem path like `agent.net.optim_spec.alpha` or `agent.net.hid_layers[1]` (not indexes). */
function dropPath(root: Record<string, unknown>, path: string): boolean {
  const parts = path.split('.');
  if (parts.some((p) => /[[\]]/.test(p))) return false;
  let at: unknown = root;
  for (const p of parts.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return false;
    at = (at as Record<string, unknown>)[p];
  }
  if (typeof at !== 'object' || at === null || !(parts.at(-1)! in at)) return false;
  delete (at as Record<string, unknown>)[parts.at(-1)!];
  return true;
}

/** AMAGO net types keep their encoder kwargs beside the net keys; resolved, they sit in `net.cnn`. */
function liftEncoderKwargs(input: Record<string, unknown>): void {
  const net = (input.agent as { net?: Record<string, unknown> } | undefined)?.net;
  const cnn = net?.cnn as Record<string, unknown> | null | undefined;
  if (!net || typeof cnn !== 'object' || cnn === null || cnn.name !== net.type) return;
  const { name: _name, ...kwargs } = cnn;
  delete net.cnn;
  for (const [k, v] of Object.entries(kwargs)) if (!(k in net)) net[k] = v;
}

/**
 * A spec object that `resolveSpec` (and so createAgent and Trainer.init) turns into `saved` again.
 * Throws StorageError (naming `where`) when there is none.
 */
export function specInput(saved: ResolvedSpec, where: string): Record<string, unknown> {
  const input = structuredClone(saved) as unknown as Record<string, unknown>;
  liftEncoderKwargs(input);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let resolved: ResolvedSpec;
    try {
      resolved = resolveSpec(input).spec;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      const dropped = e.problems.filter((p) => dropPath(input, p.path));
      if (dropped.length === 0) throw new StorageError(`${where}: the policy's saved spec no longer resolves: ${e.message}`);
      continue;
    }
    if (JSON.stringify(resolved) !== JSON.stringify(withLaterKeys(saved, resolved))) {
      throw new StorageError(`${where}: the policy's saved spec resolves differently in this SDK version`);
    }
    return input;
  }
  throw new StorageError(`${where}: the policy's saved spec does not resolve after ${MAX_PASSES} passes`);
}
