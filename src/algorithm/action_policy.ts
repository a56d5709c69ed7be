/**
 * Action policies (SLM Lab's `action_policy`) as pure functions over net outputs already read
 * back from the device: `values` holds `[numEnvs, n]` Q-values or logits, row-major. Masks, when
 * given, are `[numEnvs, n]` with 1 = allowed; a row that allows nothing is treated as allowing
 * everything (an env with no legal move must still get an action). Randomness comes only from
 * the Rng passed in.
 */
import type { ActionPolicy } from '../spec/types';
import { ShapeError } from '../util/errors';
import type { Rng } from '../util/rng';

/** `[numEnvs, n]` action masks, 1 = allowed. */
export type ActionMask = Uint8Array;

/** Rows in `values` (checks that the length is a multiple of n). */
function rowsOf(values: ArrayLike<number>, n: number, mask: ActionMask | null | undefined, op: string): number {
  if (!Number.isInteger(n) || n < 1) throw new ShapeError(`${op}: n must be a positive integer (got ${n})`);
  if (values.length % n !== 0) {
    throw new ShapeError(`${op}: ${values.length} values are not rows of ${n} actions`);
  }
  if (mask && mask.length !== values.length) {
    throw new ShapeError(`${op}: mask has ${mask.length} entries for ${values.length} values`);
  }
  return values.length / n;
}

/** Whether action j of row r may be taken (an all-zero mask row allows every action). */
function allowedFn(mask: ActionMask | null | undefined, n: number): (r: number, j: number) => boolean {
  if (!mask) return () => true;
  const rows = mask.length / n;
  const rowAny = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) if (mask[r * n + j]) rowAny[r] = 1;
  }
  return (r, j) => mask[r * n + j] !== 0 || rowAny[r] === 0;
}

/** Greedy actions: argmax of each row over allowed actions; ties go to the lowest index. */
export function greedyActions(values: ArrayLike<number>, n: number, mask?: ActionMask | null): Int32Array {
  const rows = rowsOf(values, n, mask, 'greedyActions');
  const allowed = allowedFn(mask, n);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let j = 0; j < n; j++) {
      if (!allowed(r, j)) continue;
      const v = values[r * n + j];
      // NaN never wins; a row of NaN falls back to the first allowed action.
      if (best < 0 || v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Uniformly random allowed actions, one per row of `[rows, n]`. */
export function randomActions(rows: number, n: number, rng: Rng, mask?: ActionMask | null): Int32Array {
  if (mask && mask.length !== rows * n) throw new ShapeError(`randomActions: mask has ${mask.length} entries for ${rows} x ${n}`);
  const out = new Int32Array(rows);
  const allowed = allowedFn(mask, n);
  for (let r = 0; r < rows; r++) out[r] = randomAllowed(r, n, allowed, rng);
  return out;
}

function randomAllowed(r: number, n: number, allowed: (r: number, j: number) => boolean, rng: Rng): number {
  let count = 0;
  for (let j = 0; j < n; j++) if (allowed(r, j)) count++;
  let k = rng.int(count);
  for (let j = 0; j < n; j++) {
    if (allowed(r, j) && k-- === 0) return j;
  }
  return n - 1; // unreachable: count >= 1 since an empty row allows all
}

/**
 * Epsilon-greedy: per row, with probability `epsilon` a uniformly random allowed action, else
 * the greedy one (SLM Lab's epsilon_greedy; explore_var is epsilon).
 */
export function epsilonGreedyActions(
  values: ArrayLike<number>,
  n: number,
  epsilon: number,
  rng: Rng,
  mask?: ActionMask | null,
): Int32Array {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilonGreedyActions: epsilon must be in [0, 1] (got ${epsilon})`);
  const out = greedyActions(values, n, mask);
  const allowed = allowedFn(mask, n);
  for (let r = 0; r < out.length; r++) {
    if (rng.uniform() < epsilon) out[r] = randomAllowed(r, n, allowed, rng);
  }
  return out;
}

/**
 * Samples one action per row from softmax(logits) over the allowed actions (disallowed ones
 * have probability 0). Numerically stable: the row maximum is subtracted before exp. Used by the
 * policy-gradient algorithms and by Boltzmann exploration.
 */
export function sampleCategorical(logits: ArrayLike<number>, n: number, rng: Rng, mask?: ActionMask | null): Int32Array {
  const rows = rowsOf(logits, n, mask, 'sampleCategorical');
  return sampleScaled(logits, n, rows, 1, rng, mask);
}

/** Boltzmann exploration: samples from softmax(values / tau); tau > 0 (explore_var is tau). */
export function boltzmannActions(
  values: ArrayLike<number>,
  n: number,
  tau: number,
  rng: Rng,
  mask?: ActionMask | null,
): Int32Array {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`boltzmannActions: tau must be a finite number > 0 (got ${tau})`);
  const rows = rowsOf(values, n, mask, 'boltzmannActions');
  return sampleScaled(values, n, rows, 1 / tau, rng, mask);
}

function sampleScaled(
  values: ArrayLike<number>,
  n: number,
  rows: number,
  scale: number,
  rng: Rng,
  mask: ActionMask | null | undefined,
): Int32Array {
  const allowed = allowedFn(mask, n);
  const out = new Int32Array(rows);
  const weights = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (allowed(r, j)) max = Math.max(max, values[r * n + j] * scale);
    let total = 0;
    for (let j = 0; j < n; j++) {
      const w = allowed(r, j) ? Math.exp(values[r * n + j] * scale - max) : 0;
      weights[j] = w;
      total += w;
    }
    if (!(total > 0) || !Number.isFinite(total)) {
      // Non-finite logits: no distribution to sample from; fall back to uniform over allowed.
      out[r] = randomAllowed(r, n, allowed, rng);
      continue;
    }
    let u = rng.uniform() * total;
    let pick = -1;
    for (let j = 0; j < n; j++) {
      if (weights[j] === 0) continue;
      pick = j;
      u -= weights[j];
      if (u < 0) break;
    }
    out[r] = pick;
  }
  return out;
}

/** What `selectActions` needs besides the values. */
export interface SelectActionsOptions {
  /** SLM Lab's action_policy. */
  policy: ActionPolicy;
  /** Epsilon (epsilon_greedy) or tau (boltzmann) now. Unused by the other policies. */
  exploreVar: number;
  /** false: greedy (evaluation), whatever the policy. */
  explore: boolean;
  /**
   * What 'default' does while exploring: 'argmax' (Q-learning's Argmax pdtype) or 'sample'
   * (softmax sampling, a Categorical pdtype). Default 'argmax'.
   */
  defaultMode?: 'argmax' | 'sample';
  rng: Rng;
  mask?: ActionMask | null;
}

/** One action per row of `[rows, n]` values by the spec's action_policy. */
export function selectActions(values: ArrayLike<number>, n: number, o: SelectActionsOptions): Int32Array {
  if (!o.explore) return greedyActions(values, n, o.mask);
  switch (o.policy) {
    case 'epsilon_greedy':
      return epsilonGreedyActions(values, n, o.exploreVar, o.rng, o.mask);
    case 'boltzmann':
      return boltzmannActions(values, n, o.exploreVar, o.rng, o.mask);
    case 'random':
      return randomActions(rowsOf(values, n, o.mask, 'selectActions'), n, o.rng, o.mask);
    case 'default':
      return o.defaultMode === 'sample' ? sampleCategorical(values, n, o.rng, o.mask) : greedyActions(values, n, o.mask);
  }
}
