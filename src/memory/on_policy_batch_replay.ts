/**
 * OnPolicyBatchReplay: SLM Lab's flat on-policy rollout (A2C, PPO). It is ready once every env
 * stream holds `training_frequency` steps (PPO's time_horizon T); `sample()` returns them and
 * clears.
 *
 * Layout [T, numEnvs]: row t*numEnvs + e is env e's t-th step, so each env's steps are in time
 * order at a stride of numEnvs and GAE can run per env (column e) backwards over t. With one env
 * this is plain step order.
 */
import { MemoryError } from '../util/errors';
import { MemoryLayout } from './memory_layout';
import { SpecReader } from './spec_checks';
import { StepTable, type StepColumns } from './step_table';
import type { MemoryOptions, MemorySpec, ObsArray, Transition } from './types';

/** A rollout in [steps, numEnvs] layout. Views of the memory: valid until the next `add`. */
export interface RolloutBatch extends StepColumns {
  /** Shape of one observation; `observations` is [steps, numEnvs, ...obsShape]. */
  readonly obsShape: readonly number[];
  /** T, steps per env in this batch. */
  readonly steps: number;
  readonly numEnvs: number;
  /** [numEnvs, ...obsShape]: each env's observation after its last step, to bootstrap from. */
  readonly lastNextObservations: ObsArray;
}

/** Flat on-policy memory. Spec key: training_frequency (else opts.trainingFrequency, default 1). */
export class OnPolicyBatchReplay {
  readonly name: string = 'OnPolicyBatchReplay';
  /** T, steps per env in a full rollout. */
  readonly trainingFrequency: number;
  readonly numEnvs: number;
  readonly layout: MemoryLayout;
  private readonly table: StepTable;
  private readonly counts: Int32Array;

  constructor(spec: MemorySpec, opts: MemoryOptions) {
    const read = new SpecReader(spec);
    this.trainingFrequency = read.int('training_frequency', opts.trainingFrequency ?? 1);
    read.done();
    const n = opts.numEnvs ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new MemoryError(`memory: numEnvs must be a positive integer (got ${n})`);
    this.numEnvs = n;
    this.layout = new MemoryLayout(opts);
    this.table = new StepTable(this.layout, this.trainingFrequency * n);
    this.counts = new Int32Array(n);
  }

  /** Adds env `stream`'s next step (default stream 0). Throws once it already holds T steps. */
  add(t: Transition, stream = 0): void {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.numEnvs) {
      throw new MemoryError(`memory: stream ${stream} outside [0, ${this.numEnvs}) (numEnvs)`);
    }
    this.layout.check(t);
    const c = this.counts[stream];
    if (c >= this.trainingFrequency) {
      throw new MemoryError(
        `OnPolicyBatchReplay: env ${stream} already holds ${c} steps (training_frequency); sample() first`,
      );
    }
    this.table.write(c * this.numEnvs + stream, t);
    this.counts[stream] = c + 1;
  }

  /** Steps stored, over all envs. */
  get size(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Steps the fullest env holds (T when ready). */
  get held(): number {
    return Math.max(...this.counts);
  }

  /** True when every env holds training_frequency steps. */
  get isReady(): boolean {
    return this.counts.every((c) => c === this.trainingFrequency);
  }

  /**
   * Returns the rollout and clears the memory. Every env must hold the same number of steps
   * (>= 1; normally T, fewer to flush a partial rollout).
   */
  sample(): RolloutBatch {
    const t = this.counts[0];
    if (t === 0 || !this.counts.every((c) => c === t)) {
      throw new MemoryError(
        `OnPolicyBatchReplay: every env needs the same number (>= 1) of steps to sample (have [${Array.from(this.counts).join(', ')}])`,
      );
    }
    const n = this.numEnvs;
    const cols = this.table.view(t * n);
    const os = this.layout.obsSize;
    this.counts.fill(0);
    return {
      ...cols,
      obsShape: this.layout.obsShape,
      steps: t,
      numEnvs: n,
      lastNextObservations: cols.nextObservations.subarray((t - 1) * n * os, t * n * os),
    };
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.table.byteLength;
  }
}
