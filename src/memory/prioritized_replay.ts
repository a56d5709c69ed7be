/**
 * PrioritizedReplay: proportional prioritized replay (Schaul et al. 2016) with SLM Lab's keys,
 * plus the importance-sampling weights SLM Lab leaves out:
 *   P(i) = p_i / sum_j p_j,   p_i = (|td_i| + epsilon)^alpha,
 *   w_i = (N * P(i))^-beta / max_j w_j = (p_i / min_j p_j)^-beta,
 * N the sampleable transitions, beta rising linearly from beta_start to 1 over
 * beta_anneal_steps added transitions. New transitions get the largest priority set so far
 * (1 at first). Sampling is stratified: draw i falls in the i-th of batchSize equal segments of
 * the total priority.
 */
import type { Rng } from '../util/rng';
import { ShapeError, MemoryError } from '../util/errors';
import { MinTree } from './min_tree';
import { Replay, type ReplayBatch } from './replay';
import { SpecReader } from './spec_checks';
import { SumTree } from './sum_tree';
import type { MemoryOptions, MemorySpec } from './types';

/**
 * Prioritized replay. Spec keys: those of Replay, alpha (0.6), epsilon (1e-4), beta_start (0.4),
 * beta_anneal_steps (1e6).
 */
export class PrioritizedReplay extends Replay {
  override readonly name: string = 'PrioritizedReplay';
  readonly alpha: number;
  readonly epsilon: number;
  readonly betaStart: number;
  readonly betaAnnealSteps: number;
  private readonly sums: SumTree;
  private readonly mins: MinTree;
  private readonly weights: Float32Array;
  private maxPriority = 1;

  constructor(spec: MemorySpec, opts: MemoryOptions) {
    const read = new SpecReader(spec);
    const alpha = read.num('alpha', 0.6, 0, 10);
    const epsilon = read.num('epsilon', 1e-4, 0, Number.MAX_VALUE);
    const betaStart = read.num('beta_start', 0.4, 0, 1);
    const betaAnnealSteps = read.int('beta_anneal_steps', 1_000_000);
    if (epsilon === 0 && alpha > 0) read.problem('epsilon', 'must be > 0 so no priority is 0');
    super(spec, opts, read);
    this.alpha = alpha;
    this.epsilon = epsilon;
    this.betaStart = betaStart;
    this.betaAnnealSteps = betaAnnealSteps;
    this.sums = new SumTree(this.store.slots);
    this.mins = new MinTree(this.store.slots);
    this.weights = new Float32Array(this.batchSize);
    (this.batch as { weights?: Float32Array }).weights = this.weights;
    this.store.onValidChange = (slot, valid) => {
      const p = valid ? this.maxPriority : 0;
      this.sums.update(slot, p);
      this.mins.update(slot, valid ? p : Infinity);
    };
  }

  /** The importance-sampling exponent now: beta_start + (1 - beta_start) * min(1, added / steps). */
  get beta(): number {
    const f = Math.min(1, this.store.added / this.betaAnnealSteps);
    return this.betaStart + (1 - this.betaStart) * f;
  }

  /** Sum of the stored priorities (0 when nothing is sampleable). */
  get totalPriority(): number {
    return this.sums.total;
  }

  /** Smallest stored priority of a sampleable slot (Infinity when none). */
  get minPriority(): number {
    return this.mins.min;
  }

  /** The slot where the running sum of priorities passes `mass` (0 <= mass < totalPriority). */
  findSlot(mass: number): number {
    return this.sums.find(mass);
  }

  /** Stored priority (already raised to alpha) of slot `index`; 0 when not sampleable. */
  priority(index: number): number {
    return this.sums.get(index);
  }

  /** Draws by priority; `weights` holds the importance-sampling weights. Valid until next call. */
  override sample(rng: Rng = this.rng): ReplayBatch {
    const batch = super.sample(rng);
    const beta = this.beta;
    const pMin = this.mins.min;
    for (let i = 0; i < this.batchSize; i++) {
      this.weights[i] = Math.pow(this.sums.get(batch.indices[i]) / pMin, -beta);
    }
    return batch;
  }

  /**
   * Sets the priorities of sampled slots from their TD errors: (|td| + epsilon)^alpha. Slots
   * that stopped being sampleable since they were drawn are skipped.
   */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    if (indices.length !== tdErrors.length) {
      throw new ShapeError(
        `PrioritizedReplay.updatePriorities: ${indices.length} indices but ${tdErrors.length} td errors`,
      );
    }
    for (let i = 0; i < indices.length; i++) {
      const td = tdErrors[i];
      if (!Number.isFinite(td)) {
        throw new MemoryError(`PrioritizedReplay.updatePriorities: td error ${td} at batch position ${i}`);
      }
      const g = indices[i];
      if (!this.store.valid.has(g)) continue;
      const p = Math.pow(Math.abs(td) + this.epsilon, this.alpha);
      this.sums.update(g, p);
      this.mins.update(g, p);
      if (p > this.maxPriority) this.maxPriority = p;
    }
  }

  override get byteLength(): number {
    return super.byteLength + this.sums.byteLength + this.mins.byteLength;
  }

  protected override selectIndices(rng: Rng, out: Int32Array): void {
    const segment = this.sums.total / out.length;
    for (let i = 0; i < out.length; i++) out[i] = this.sums.find((i + rng.uniform()) * segment);
  }
}
