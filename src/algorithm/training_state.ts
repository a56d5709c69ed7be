/**
 * An algorithm's training state beyond its weights (optimizer slots and step counts, lr scheduler
 * positions, counters that schedules read) as plain data, and its checked restore: everything is
 * checked before anything changes, so a state that does not fit leaves the algorithm as it was.
 */
import type { Net } from '../net/net';
import type { LrScheduler } from '../train/lr_scheduler';
import type { Optimizer, OptimizerState } from '../train/optimizers/optimizer';
import { PixelpilotError, ShapeError } from '../util/errors';
import type { Algorithm } from './algorithm';

/** What an algorithm saves to resume training. */
export interface AlgorithmTrainingState {
  /** Counters by name (e.g. `frame`: explore, entropy and clip schedules read it). */
  counters: Record<string, number>;
  /** Its optimizers' states, in its order (actor's first). */
  optimizers: OptimizerState[];
  /** Its lr schedulers' epochs (`lastEpoch`), one per optimizer. */
  schedulers: number[];
}

/** The parts of an algorithm the state is made of. */
export interface TrainingParts {
  optimizers: readonly Optimizer[];
  schedulers: readonly LrScheduler[];
  counters: Record<string, number>;
}

/** Reads the state of `parts` (the optimizer slots asynchronously). */
export async function readTrainingState(parts: TrainingParts): Promise<AlgorithmTrainingState> {
  return {
    counters: { ...parts.counters },
    optimizers: await Promise.all(parts.optimizers.map((o) => o.getState())),
    schedulers: parts.schedulers.map((s) => s.lastEpoch),
  };
}

/**
 * Checks `state` against `parts` (same optimizers and slot shapes, the same counter names) and
 * returns the function that restores optimizers and schedulers and hands the counters to
 * `setCounters`. Throws ShapeError naming the first problem; nothing changes before the returned
 * function runs.
 */
export function planTrainingState(
  parts: TrainingParts,
  state: AlgorithmTrainingState,
  where: string,
  setCounters: (counters: Record<string, number>) => void,
): () => void {
  if (state.optimizers.length !== parts.optimizers.length) {
    throw new ShapeError(`${where}: the training state has ${state.optimizers.length} optimizers, this agent ${parts.optimizers.length}`);
  }
  if (state.schedulers.length !== parts.schedulers.length || !state.schedulers.every((e) => Number.isFinite(e) && e >= 0)) {
    throw new ShapeError(`${where}: the training state's lr scheduler epochs [${state.schedulers}] do not fit this agent's ${parts.schedulers.length} schedulers`);
  }
  const want = Object.keys(parts.counters).sort();
  const got = Object.keys(state.counters).sort();
  if (want.join() !== got.join() || !got.every((k) => Number.isFinite(state.counters[k]))) {
    throw new ShapeError(`${where}: the training state's counters {${got}} do not fit this agent's {${want}}`);
  }
  parts.optimizers.forEach((o, k) => {
    try {
      o.checkState(state.optimizers[k]!);
    } catch (e) {
      if (e instanceof PixelpilotError) throw new ShapeError(`${where}: optimizer ${k}: ${e.message}`);
      throw e;
    }
  });
  return () => {
    parts.optimizers.forEach((o, k) => o.setState(state.optimizers[k]!));
    parts.schedulers.forEach((s, k) => s.step(state.schedulers[k]!));
    setCounters({ ...state.counters });
  };
}

/** The nets an algorithm acts with: all of `nets` but its target nets. */
export function actingNets(algorithm: Algorithm): Map<string, Net> {
  const targets = algorithm.targetNets ?? new Map<string, string>();
  return new Map([...algorithm.nets].filter(([name]) => !targets.has(name)));
}

/** An algorithm's target nets by name (empty for most). */
export function targetNets(algorithm: Algorithm): Map<string, Net> {
  const targets = algorithm.targetNets ?? new Map<string, string>();
  return new Map([...algorithm.nets].filter(([name]) => targets.has(name)));
}
