/**
 * Where a Trainer's time goes, for throughput reports (the fast mode's split of a run, see
 * src/game/run_timing.ts): wall-clock milliseconds spent inside its calls, measured in the worker,
 * so that a run can tell the worker's acting and training apart from messages in flight. Time a
 * call waits in the Trainer's queue behind earlier calls is not counted.
 */

/** Milliseconds and calls since `init`. */
export interface TrainerTiming {
  /** `act` calls, and the ms spent computing their actions. */
  acts: number;
  actMs: number;
  /** `observe` calls that did not train, and the ms spent storing their steps. */
  stores: number;
  storeMs: number;
  /** `observe` calls that ran a training round, and their ms (the step's storing included). */
  trainRounds: number;
  trainMs: number;
}

/** Timing of a new Trainer: all zero. */
export function zeroTrainerTiming(): TrainerTiming {
  return { acts: 0, actMs: 0, stores: 0, storeMs: 0, trainRounds: 0, trainMs: 0 };
}

/** What happened between two readings of one Trainer's timing (`later` minus `earlier`). */
export function trainerTimingSince(later: TrainerTiming, earlier: TrainerTiming): TrainerTiming {
  return {
    acts: later.acts - earlier.acts,
    actMs: later.actMs - earlier.actMs,
    stores: later.stores - earlier.stores,
    storeMs: later.storeMs - earlier.storeMs,
    trainRounds: later.trainRounds - earlier.trainRounds,
    trainMs: later.trainMs - earlier.trainMs,
  };
}
