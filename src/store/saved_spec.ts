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
 * Keys a policy saved before they existed lacks, by section: the demonstration keys of
 * agent.algorithm, and net.policy_head_init_scale. They resolve to their defaults, so the saved
 * spec is compared with them filled in from the resolved one. Nothing else may differ.
 */
const LATER_KEYS = {
  algorithm: ['demo_pretrain_steps', ...DQFD_KEYS, ...BC_KEYS],
  net: ['policy_head_init_scale'],
} as const satisfies Record<'algorithm' | 'net', readonly string[]>;

/** `have` with the `later` keys it lacks taken from `fill`, in the resolver's key order; null when it lacks none. */
function withLater(have: Record<string, unknown>, fill: Record<string, unknown>, later: readonly string[]): Record<string, unknown> | null {
  if (!later.some((k) => k in fill && !(k in have))) return null;
  // Keys in the resolver's order, so the two JSON texts compare equal when nothing else differs.
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(fill)) {
    if (k in have) ordered[k] = have[k];
    else if (later.includes(k)) ordered[k] = fill[k];
  }
  for (const k of Object.keys(have)) if (!(k in ordered)) ordered[k] = have[k];
  return ordered;
}

function withLaterKeys(saved: ResolvedSpec, resolved: ResolvedSpec): ResolvedSpec {
  const agent = saved.agent as unknown as Record<string, unknown> | undefined;
  if (typeof agent !== 'object' || agent === null) return saved;
  const filled: Record<string, unknown> = { ...agent };
  let changed = false;
  for (const [section, later] of Object.entries(LATER_KEYS)) {
    const have = agent[section];
    if (typeof have !== 'object' || have === null) continue;
    const ordered = withLater(have as Record<string, unknown>, resolved.agent[section as keyof typeof LATER_KEYS] as unknown as Record<string, unknown>, later);
    if (ordered !== null) {
      filled[section] = ordered;
      changed = true;
    }
  }
  return changed ? { ...saved, agent: filled as unknown as ResolvedSpec['agent'] } : saved;
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
