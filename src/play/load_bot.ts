/**
 * `loadBot(policy, options)`: a saved policy, verified (format, sizes, checksum) and rebuilt for
 * greedy acting, on a backend chosen as `selectBackend` chooses it. Nothing of training comes
 * along: no optimizer, loss, memory, worker, or the algorithms' update code.
 */
import type { ActionSpace } from '../env/env';
import { selectBackend, type BackendName } from '../backend/select_backend';
import { readPolicyArtifacts, type PolicyContents } from '../store/policy_artifact';
import { decodePolicyFile } from '../store/policy_file';
import { loadPolicy, type PolicyReadOptions } from '../store/policy_store';
import { ShapeError, StorageError } from '../util/errors';
import { buildActingNet } from './acting_net';
import { Bot } from './bot';

/** A policy to load: `indexeddb://name`, an http(s) or relative URL (a path or file:// URL in Node), or a policy file's bytes. */
export type PolicyInput = string | Uint8Array | ArrayBuffer;

/** The pixels a game will feed the bot (checked against the policy). */
export interface BotPixelObservation {
  /** Frame width. */
  width: number;
  /** Frame height. */
  height: number;
  /** One luma channel (true) or RGB (false). Default true. */
  grayscale?: boolean;
  /** Frames stacked on the channel axis. */
  frameStack: number;
}

/** Options of loadBot. */
export interface LoadBotOptions extends PolicyReadOptions {
  /** 'auto' (default): WebGPU on a hardware adapter, then WASM, then CPU; or that backend only. */
  backend?: 'auto' | BackendName;
  /** Directory URL of tfjs-backend-wasm's .wasm files. Default: next to the script (browsers), found by resolution (Node). */
  wasmPaths?: string;
  /**
   * The game's action names: the policy must act in a discrete space of that many actions
   * (ShapeError otherwise); they name the actions passed to attach's `act`. Default: no check,
   * the names the policy was saved with, else '0', '1', ...
   */
  actions?: readonly string[];
  /** The observation the game gives: pixels, or `{vector: n}` floats. ShapeError when the policy observes anything else. Default: no check. */
  observation?: BotPixelObservation | { vector: number };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

async function readContents(policy: PolicyInput, options: LoadBotOptions): Promise<{ contents: PolicyContents; where: string }> {
  if (typeof policy === 'string') return { contents: await loadPolicy(policy, options), where: policy };
  const where = 'loadBot(bytes)';
  let bytes: Uint8Array;
  if (policy instanceof Uint8Array) bytes = policy;
  else if (policy instanceof ArrayBuffer) bytes = new Uint8Array(policy);
  else throw new StorageError(`loadBot: the policy must be a URL string, a Uint8Array or an ArrayBuffer (got ${policy === null ? 'null' : typeof policy})`);
  return { contents: await readPolicyArtifacts(decodePolicyFile(bytes, where), where, options.maxParams === undefined ? {} : { maxParams: options.maxParams }), where };
}

/** What the game's options say the policy must observe, as the manifest writes it. */
function expectedObservation(o: NonNullable<LoadBotOptions['observation']>): { shape: number[]; dtype: 'uint8' | 'float32' } {
  if ('vector' in o) return { shape: [o.vector], dtype: 'float32' };
  const channels = o.grayscale === false ? 3 : 1;
  return { shape: [o.height, o.width, channels * o.frameStack], dtype: 'uint8' };
}

/** ShapeError when the policy does not fit what the game declared. */
function checkFits(contents: PolicyContents, options: LoadBotOptions, where: string): void {
  const m = contents.manifest;
  if (options.actions !== undefined) {
    const want: ActionSpace = { type: 'discrete', n: options.actions.length };
    if (!same(m.actionSpace, want)) {
      throw new ShapeError(`${where}: the policy acts in ${JSON.stringify(m.actionSpace)}, the game has ${options.actions.length} actions (${options.actions.join(', ')})`);
    }
  }
  if (options.observation !== undefined) {
    const want = expectedObservation(options.observation);
    const theirs = { shape: m.observation.shape, dtype: m.observation.dtype };
    const stackOk = 'vector' in options.observation || m.observation.frameStack === options.observation.frameStack;
    if (!same(theirs, want) || !stackOk) {
      throw new ShapeError(`${where}: the policy observes ${JSON.stringify(m.observation)}, the game gives ${JSON.stringify(want)}`);
    }
  }
}

/**
 * Loads a policy and makes it a Bot. StorageError: missing, unreadable, truncated or altered
 * (checksum) policy; ShapeError: a policy that does not fit `options.actions` /
 * `options.observation`, or whose weights do not fit its own spec; BackendError: no backend.
 */
export async function loadBot(policy: PolicyInput, options: LoadBotOptions = {}): Promise<Bot> {
  const { contents, where } = await readContents(policy, options);
  checkFits(contents, options, where);
  const selection = await selectBackend({ gpu: options.backend ?? 'auto', ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }) });
  const acting = buildActingNet(contents, where);
  const space = contents.manifest.actionSpace;
  const saved = contents.manifest.actionNames;
  const actions = options.actions ?? saved ?? (space.type === 'discrete' ? Array.from({ length: space.n }, (_, i) => String(i)) : []);
  return new Bot({ manifest: contents.manifest, acting, backend: selection.backend, actions });
}
