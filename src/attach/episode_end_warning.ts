/**
 * The `no-episode-end` trap: `done()` never turns true and `endEpisode()` is never called, so no
 * episode ends: no return is ever reported (the 'episode' event, trainGame's returns and the
 * CLI's numbers come only at episode ends) and training never sees a terminal state.
 */
import type { AgentWarning } from './warnings';

/**
 * Decisions of a player within which one of its episodes must have ended. 2,000 decisions is
 * 8,000 game frames (over 2 minutes at 60 fps) at a decision period of 4, and 10 to 100 times
 * the episodes of the games we know in their first, random-play episodes (catch: about 10
 * decisions; Pong's first misses and the memory game's rounds: tens); it is also more than an
 * SLM Lab Atari episode under random play (about 1,000 agent steps). A game whose episodes are
 * longer on purpose gets the warning once and may ignore it (or cut episodes with `maxStep`).
 */
export const NO_EPISODE_END_DECISIONS = 2000;

/** Watches which players ended an episode (by done, endEpisode or maxStep) in their first decisions. */
export class EpisodeEndWatch {
  private readonly ended: boolean[];
  private armed: boolean;

  /**
   * `armed`: whether to watch at all (a learning loop, or a game that gave `done`: a shipped bot
   * with neither would only warn its players); `doneGiven` and `decisionPeriod` for the message.
   */
  constructor(players: number, armed: boolean, private readonly doneGiven: boolean, private readonly decisionPeriod: number) {
    this.ended = new Array<boolean>(players).fill(false);
    this.armed = armed;
  }

  /** An episode of `player` ended (not by a detach). */
  episodeEnded(player: number): void {
    this.ended[player] = true;
  }

  /** After the loop's `decisions`-th decision (each one of every player): the warning, once, at the threshold when a player has not ended an episode. */
  decided(decisions: number): AgentWarning | null {
    if (!this.armed || decisions < NO_EPISODE_END_DECISIONS) return null;
    this.armed = false;
    const open = this.ended.flatMap((e, p) => (e ? [] : [p]));
    if (open.length === 0) return null;
    const who = open.length === this.ended.length
      ? `no episode ended`
      : `no episode of player${open.length === 1 ? '' : 's'} ${open.join(', ')} ended`;
    const why = this.doneGiven ? 'done() never returned true' : 'no done() was given';
    return {
      code: 'no-episode-end',
      ...(open.length === this.ended.length ? {} : { player: open[0]! }),
      message: `${who} in the first ${NO_EPISODE_END_DECISIONS} decisions (${NO_EPISODE_END_DECISIONS * this.decisionPeriod} game frames): ` +
        `${why} and endEpisode() was never called. Returns are only reported when an episode ends (the 'episode' event, ` +
        `trainGame's returns), and training never sees a game over. End episodes with done: () => this.gameOver ` +
        `(true at a game over; with several players, done(player) for one frame), or call endEpisode(player) at a game over; ` +
        `maxStep cuts episodes that have no end.`,
    };
  }
}
