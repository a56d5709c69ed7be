/**
 * What a DecisionLoop counts and reports about itself: the counters of an attachment (for logs,
 * tests and a game's own diagnostics) and the backpressure report.
 */

/** A due decision that waited for the trainer (backpressure), reported once it is taken. */
export interface BackpressureInfo {
  /** Game frames the decision waited: the open step grew by as many (nothing was dropped). */
  frames: number;
  /** Trainer calls pending when the wait began. */
  pending: number;
}

/** Counters of one attachment, for tests and logs. */
export interface LoopCounters {
  /** Game frames ticked (frames of a paused or sleeping scene are not ticked). */
  frames: number;
  /** Decisions taken (observations read and actions asked for). */
  decisions: number;
  /** Episodes ended, over all players, `unfinished` ones included. */
  episodes: number;
  /**
   * Of `episodes`, those ended by a detach (detach, scene shutdown or restart, the end of a
   * trainGame / playGame run) with the episode open, not by done, endEpisode or maxStep: results
   * that count them (a mean return) count episodes that did not finish, and should say so.
   */
  unfinished: number;
  /** Steps sent to trainer.observe (one per decision, all players together). */
  observed: number;
  /** Training rounds reported back. */
  trainRounds: number;
  /** Action batches answered by the trainer and applied. */
  answers: number;
  /** Decisions whose answer arrived after their window ended (inference; a learning loop waits for it instead). */
  late: number;
  /** Steps not observed because no action of the agent had reached the game in their window. */
  dropped: number;
  /** Frames on which a due decision waited because `maxInFlight` trainer calls were pending (backpressure). */
  waited: number;
  /** Waits begun (each reported by `onBackpressure` when its decision is taken). */
  stalls: number;
  /** Frames skipped for the agent because reward() or done() failed. */
  skipped: number;
  /** Game callback failures reported to onError (AgentCallbackError). */
  callbackErrors: number;
}

/** Where an attachment's own time went (wall-clock ms on the main thread), for throughput reports. */
export interface LoopTiming {
  /** Reading observations (canvas capture and frame stacking, or the game's observe()) and packing them into the batches sent to the trainer. */
  captureMs: number;
}

/** Counters of a new attachment: all zero. */
export function zeroCounters(): LoopCounters {
  return { frames: 0, decisions: 0, episodes: 0, unfinished: 0, observed: 0, trainRounds: 0, answers: 0, late: 0, dropped: 0, waited: 0, stalls: 0, skipped: 0, callbackErrors: 0 };
}
