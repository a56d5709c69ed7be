/**
 * Behaviour cloning for the policy-gradient family (Reinforce, ActorCritic, PPO), as Unity
 * ML-Agents' `behavioral_cloning` does it: the cloning loss -mean log pi(a_E | s_E) over a
 * minibatch of demonstrations is added to the RL loss of every optimizer step that trains the
 * policy, weighted by bc_strength, decaying linearly to 0 over bc_steps agent steps (0: constant).
 * Pre-training (demo_pretrain_steps) minimises the cloning loss alone, and, with a critic,
 * val_loss_coef * the value loss against the demonstrations' discounted returns.
 */
import { tf } from '../backend/tf';
import type { ActionSpace } from '../env/env';
import { demoReturns, demoTable, type DemoTable, type Demonstrations } from '../memory/demonstrations';
import type { BcSpec } from '../spec/types';
import type { Rng } from '../util/rng';
import { distributionFor } from './distributions';
import { observationTensor } from './observation_tensor';

/** Rows `idx` of a row-major array of rows of `width` values (policy_agent's gatherRows, kept here to avoid an import cycle). */
function gatherRows<T extends Uint8Array | Int32Array | Float32Array>(a: T, idx: ArrayLike<number>, width: number): T {
  const out = new (a.constructor as new (n: number) => T)(idx.length * width);
  for (let k = 0; k < idx.length; k++) out.set(a.subarray(idx[k]! * width, (idx[k]! + 1) * width), k * width);
  return out;
}

/** A cloning minibatch on the device (caller disposes). */
export interface CloningBatch {
  obs: tf.Tensor;
  actions: tf.Tensor;
  /** The demonstrations' discounted returns from each row's step. */
  returns: tf.Tensor1D;
}

/** -mean log pi(a_E | s) of the demonstrated actions under the policy heads (masks: none recorded). */
export function cloningLoss(space: ActionSpace, heads: tf.Tensor[], actions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(distributionFor(space, heads, null).logProb(actions))) as tf.Scalar);
}

/** The cloning weight at `frame` agent steps: bc_strength * max(0, 1 - frame / bc_steps), or bc_strength when bc_steps is 0. */
export function cloningStrength(spec: BcSpec, frame: number): number {
  if (spec.bc_steps === 0) return spec.bc_strength;
  return spec.bc_strength * Math.max(0, 1 - frame / spec.bc_steps);
}

/** The demonstrations of a policy-gradient agent, as rows its nets take. */
export class PolicyDemos {
  readonly table: DemoTable;
  readonly returns: Float32Array;
  private readonly space: ActionSpace;

  /** `seqLen` 0 for feed-forward nets, else the recurrent net's window length. */
  constructor(demos: Demonstrations, space: ActionSpace, seqLen: number, gamma: number) {
    this.table = demoTable(demos, seqLen);
    this.returns = demoReturns(this.table, gamma);
    this.space = space;
  }

  /** Steps held. */
  get size(): number {
    return this.table.steps;
  }

  /** `rows` steps drawn uniformly with replacement, as tensors. */
  batch(rows: number, rng: Rng): CloningBatch {
    const t = this.table;
    const idx = new Int32Array(rows);
    for (let i = 0; i < rows; i++) idx[i] = rng.int(t.steps);
    const obsIdx = Int32Array.from(idx, (i) => t.obsRow[i]!);
    const width = t.actions.length / t.steps;
    const acts = gatherRows(t.actions, idx, width);
    const actShape = this.space.type === 'discrete' ? [rows] : [rows, width];
    return tf.tidy(() => ({
      obs: observationTensor(gatherRows(t.rows, obsIdx, t.rowSize), t.rowShape),
      actions: tf.tensor(acts, actShape, this.space.type === 'continuous' ? 'float32' : 'int32'),
      returns: tf.tensor1d(gatherRows(this.returns, idx, 1)),
    })) as unknown as CloningBatch;
  }
}
