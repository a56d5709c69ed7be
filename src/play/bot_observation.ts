/**
 * Checks what a game hands the bot against the policy's observation and action spaces, turning
 * every mismatch into a ShapeError that names both sides.
 */
import type { ActionSpace } from '../env/env';
import type { PolicyManifest } from '../store/policy_manifest';
import { ShapeError } from '../util/errors';

/** What `act` accepts as one observation: uint8 pixels (HxWxC, frames stacked) or a float vector. */
export type BotObservation = Uint8Array | Uint8ClampedArray | Float32Array | ArrayLike<number>;

/** Allowed actions, one entry per action (multi-discrete: per sub-action value, concatenated); truthy = allowed. */
export type BotActionMask = ArrayLike<boolean | number>;

/** Values in one observation of the policy. */
export function observationSize(observation: PolicyManifest['observation']): number {
  return observation.shape.reduce((a, b) => a * b, 1);
}

/**
 * The observation as the net takes it: a Uint8Array for a uint8 policy (no copy when it is one
 * already), a Float32Array for a float32 policy. ShapeError for a wrong length or kind.
 */
export function checkObservation(x: BotObservation, observation: PolicyManifest['observation']): Uint8Array | Float32Array {
  const size = observationSize(observation);
  const want = `${observation.dtype} [${observation.shape}] (${size} values)`;
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new ShapeError(`act: the observation must be an array of ${want} (got ${x === null ? 'null' : typeof x})`);
  }
  if (x.length !== size) throw new ShapeError(`act: the policy observes ${want}; got ${x.length} values`);
  if (observation.dtype === 'uint8') {
    if (x instanceof Uint8Array) return x;
    if (x instanceof Uint8ClampedArray) return new Uint8Array(x.buffer, x.byteOffset, x.length);
    throw new ShapeError(`act: the policy observes uint8 pixels: pass a Uint8Array of ${size} values (got ${x.constructor?.name ?? typeof x})`);
  }
  const out = x instanceof Float32Array ? x : Float32Array.from(x as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new ShapeError(`act: observation[${i}] must be a finite number (got ${out[i]})`);
  }
  return out;
}

/** Mask entries the action space needs: n, sum(nvec); continuous spaces take no mask. */
function maskLength(space: ActionSpace): number | null {
  if (space.type === 'discrete') return space.n;
  if (space.type === 'multi_discrete') return space.nvec.reduce((a, b) => a + b, 0);
  return null;
}

/** A mask as 0/1 bytes, or null; ShapeError for a wrong length or a continuous space. */
export function checkMask(mask: BotActionMask | null | undefined, space: ActionSpace): Uint8Array | null {
  if (mask === null || mask === undefined) return null;
  const n = maskLength(space);
  if (n === null) throw new ShapeError('act: a continuous action space takes no action mask');
  if (typeof mask !== 'object' || mask.length !== n) {
    throw new ShapeError(`act: the action mask must have ${n} entries for ${JSON.stringify(space)} (got ${typeof mask !== 'object' ? typeof mask : mask.length})`);
  }
  return Uint8Array.from(Array.prototype.map.call(mask, (b: unknown) => (b ? 1 : 0)) as number[]);
}
