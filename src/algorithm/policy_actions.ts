/**
 * Actions from a policy net's heads, read back from the device: the sampling side of the
 * distributions in distributions.ts, in plain JS with the run's Rng.
 * - discrete: SLM Lab's action_policy over the logits ('default' samples the Categorical);
 * - multi_discrete: the same per sub-action;
 * - continuous: a Normal sample mean + exp(log_std) * N(0, 1) (log-std clamped as in Normal),
 *   or the mean when acting greedily. The env gets the sample clipped to the space's bounds; the
 *   unclipped sample is returned too, since log-probs must be of what was drawn.
 */
import type { ActionSpace } from '../env/env';
import type { ActionPolicy } from '../spec/types';
import { ShapeError } from '../util/errors';
import type { Rng } from '../util/rng';
import { selectActions, type ActionMask } from './action_policy';
import type { ActionBatch } from './algorithm';
import { LOG_STD_RANGE } from './log_std_range';

/** How to act. */
export interface PolicyActionOptions {
  /** false: greedy (argmax logits / the Normal's mean). */
  explore: boolean;
  /** SLM Lab's action_policy for discrete spaces ('default' samples). */
  policy: ActionPolicy;
  /** Epsilon or tau of epsilon_greedy / boltzmann now (unused otherwise). */
  exploreVar: number;
  rng: Rng;
  /** [rows, n] (multi-discrete: [rows, sum(nvec)]), 1 = allowed. */
  mask?: ActionMask | null;
}

/** The env's actions, and for continuous spaces the unclipped sample they came from. */
export interface PolicyActions {
  actions: ActionBatch;
  /** Continuous only: the drawn sample before clipping (what log-probs are computed of). */
  raw: Float32Array | null;
}

/** One action per row from the policy heads' values (`heads[i]` is [rows, outDims[i]]). */
export function actionsFromHeads(space: ActionSpace, heads: readonly Float32Array[], rows: number, o: PolicyActionOptions): PolicyActions {
  const select = (values: Float32Array, n: number, mask: ActionMask | null | undefined): Int32Array =>
    selectActions(values, n, { policy: o.policy, exploreVar: o.exploreVar, explore: o.explore, defaultMode: 'sample', rng: o.rng, mask });
  switch (space.type) {
    case 'discrete':
      return { actions: select(heads[0]!, space.n, o.mask), raw: null };
    case 'multi_discrete': {
      const k = space.nvec.length;
      const total = space.nvec.reduce((a, b) => a + b, 0);
      if (o.mask && o.mask.length !== rows * total) {
        throw new ShapeError(`multi-discrete action mask must have ${rows} x ${total} entries (got ${o.mask.length})`);
      }
      const out = new Int32Array(rows * k);
      let offset = 0;
      space.nvec.forEach((n, i) => {
        const mask = o.mask ? maskColumns(o.mask, rows, total, offset, n) : null;
        const sub = select(heads[i]!, n, mask);
        for (let r = 0; r < rows; r++) out[r * k + i] = sub[r]!;
        offset += n;
      });
      return { actions: out, raw: null };
    }
    case 'continuous': {
      const mean = heads[0]!;
      const logStd = heads[1]!;
      const raw = new Float32Array(mean.length);
      const actions = new Float32Array(mean.length);
      for (let i = 0; i < mean.length; i++) {
        const std = Math.exp(Math.min(Math.max(logStd[i]!, LOG_STD_RANGE[0]), LOG_STD_RANGE[1]));
        raw[i] = o.explore ? mean[i]! + std * o.rng.normal() : mean[i]!;
        actions[i] = Math.min(Math.max(raw[i]!, space.low), space.high);
      }
      return { actions, raw };
    }
  }
}

/** Columns [offset, offset + n) of a [rows, total] mask. */
function maskColumns(mask: ActionMask, rows: number, total: number, offset: number, n: number): ActionMask {
  const out = new Uint8Array(rows * n);
  for (let r = 0; r < rows; r++) out.set(mask.subarray(r * total + offset, r * total + offset + n), r * n);
  return out;
}
