/**
 * DemoReplay: DQfD's reserved part of the replay memory (Hester et al. 2018). It holds the
 * demonstration transitions, which are never overwritten, with their n-step returns, and, when
 * the agent's memory is a PrioritizedReplay, their priorities:
 *   p_i = (|td_i| + epsilon + bonus)^alpha
 * (DQfD's epsilon_d: the bonus keeps demonstrations sampled more often than the agent's own
 * transitions of the same TD error). New demonstrations start at (1 + bonus)^alpha.
 */
import { ShapeError, MemoryError } from '../util/errors';
import type { Rng } from '../util/rng';
import { demoTable, nStepReturns, type DemoTable, type Demonstrations, type NStepColumns } from './demonstrations';
import { MinTree } from './min_tree';
import { SumTree } from './sum_tree';
import type { ObsArray } from './types';

/** How a DemoReplay computes returns and priorities. */
export interface DemoReplayOptions {
  gamma: number;
  /** n of the n-step returns (>= 1). */
  nStep: number;
  /** 0: rows are observations; >= 1: windows of the last seqLen observations (recurrent nets). */
  seqLen?: number;
  /** Priorities (the agent's memory is a PrioritizedReplay), or null for uniform sampling. */
  prioritized: { alpha: number; epsilon: number; bonus: number } | null;
}

/** The demonstration transitions of a DQfD agent. */
export class DemoReplay {
  readonly table: DemoTable;
  readonly nStep: NStepColumns;
  /** Transitions held. */
  readonly size: number;
  private readonly sums: SumTree | null;
  private readonly mins: MinTree | null;
  private readonly prioritized: DemoReplayOptions['prioritized'];

  constructor(demos: Demonstrations, opts: DemoReplayOptions) {
    if (demos.actionSpace.type !== 'discrete') throw new ShapeError(`DemoReplay: Q-learning needs a discrete action space (got ${demos.actionSpace.type})`);
    if (!Number.isInteger(opts.nStep) || opts.nStep < 1) throw new ShapeError(`DemoReplay: nStep must be a positive integer (got ${opts.nStep})`);
    this.table = demoTable(demos, opts.seqLen ?? 0);
    this.size = this.table.steps;
    if (this.size === 0) throw new MemoryError('DemoReplay: the demonstrations have no step');
    this.nStep = nStepReturns(this.table, opts.nStep, opts.gamma);
    this.prioritized = opts.prioritized;
    if (opts.prioritized) {
      const { alpha, bonus } = opts.prioritized;
      this.sums = new SumTree(this.size);
      this.mins = new MinTree(this.size);
      const p = Math.pow(1 + bonus, alpha);
      for (let i = 0; i < this.size; i++) {
        this.sums.update(i, p);
        this.mins.update(i, p);
      }
    } else {
      this.sums = null;
      this.mins = null;
    }
  }

  /** A transition drawn uniformly. */
  drawUniform(rng: Rng): number {
    return rng.int(this.size);
  }

  /** Sum of the priorities (0 without priorities). */
  get totalPriority(): number {
    return this.sums?.total ?? 0;
  }

  /** Smallest priority (Infinity without priorities). */
  get minPriority(): number {
    return this.mins?.min ?? Infinity;
  }

  /** Priority of transition `i` (already raised to alpha; 0 without priorities). */
  priority(i: number): number {
    return this.sums?.get(i) ?? 0;
  }

  /** The transition where the running sum of priorities passes `mass`. */
  find(mass: number): number {
    if (!this.sums) throw new MemoryError('DemoReplay.find: the demonstrations have no priorities');
    return this.sums.find(mass);
  }

  /** Sets the priorities of transitions from their TD errors: (|td| + epsilon + bonus)^alpha. */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    const p = this.prioritized;
    if (!p || !this.sums || !this.mins) return;
    if (indices.length !== tdErrors.length) throw new ShapeError(`DemoReplay.updatePriorities: ${indices.length} indices but ${tdErrors.length} td errors`);
    for (let k = 0; k < indices.length; k++) {
      const td = tdErrors[k]!;
      if (!Number.isFinite(td)) throw new MemoryError(`DemoReplay.updatePriorities: td error ${td} at batch position ${k}`);
      const v = Math.pow(Math.abs(td) + p.epsilon + p.bonus, p.alpha);
      this.sums.update(indices[k]!, v);
      this.mins.update(indices[k]!, v);
    }
  }

  /** Copies table row `row` (an observation, or a window) into `out` at element `at`. */
  writeRow(row: number, out: ObsArray, at: number): void {
    const s = this.table.rowSize;
    out.set(this.table.rows.subarray(row * s, (row + 1) * s), at);
  }
}
