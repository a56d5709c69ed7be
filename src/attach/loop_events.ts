/**
 * What a decision loop reports as it runs: finished episodes and training rounds (an Agent passes
 * them on as its 'episode' and 'train' events).
 */
import type { TrainReport } from '../algorithm/algorithm';

/** One finished episode of an attached scene. */
export interface EpisodeInfo {
  /** Episodes finished since the agent was created, this one included (1, 2, ...). */
  episode: number;
  /** The player whose episode it was (0 when the scene has one). */
  player: number;
  /** Sum of the rewards of the episode. */
  return: number;
  /** Decisions (agent steps) in the episode. */
  steps: number;
  /** Game frames in the episode. */
  frames: number;
  /**
   * true when `maxStep` cut it short, or the scene was detached (detach, shutdown, restart) with
   * the episode open; false when `done()` or `endEpisode()` ended it.
   */
  truncated: boolean;
}

/** A training round's numbers with the frame it ran at. */
export interface TrainInfo extends TrainReport {
  /**
   * The agent's step clock when it ran: agent steps over all players observed so far (one decision
   * of a 3-player scene is 3 steps), SLM Lab's frame clock and the Node run loop's, so `training_start_step`,
   * explore schedules and `update_frequency` mean the same in a game as in `pixelpilot train`.
   */
  step: number;
}
