/**
 * The `short-horizon` trap: the spec's discount gamma looks about 1/(1-gamma) decisions ahead (a
 * reward L decisions away is worth gamma^L of itself, about e^(-L(1-gamma))). When the game's
 * episodes are many horizons long and their rewards come at the end (a win, a loss), the start of
 * an episode sees nothing of them and the agent cannot learn what leads there.
 */
import type { AgentWarning } from '../attach/warnings';

/** Episodes ended by the game (done or endEpisode, not cut by maxStep or a detach) whose median length is compared with the horizon. */
export const HORIZON_EPISODES = 10;

/**
 * Warn when the median episode is longer than this many horizons. At 10 horizons a reward at the
 * end of the episode is worth under e^-10 (5e-5) of itself at its start: nothing. A smaller factor
 * would flag settings that train well because their rewards come all along the episode: SLM Lab's
 * Atari specs (gamma 0.99, a horizon of 100 decisions) on Pong, whose random-play episodes last
 * about 1,000 agent steps (10 horizons), or this repository's Pong demo (gamma 0.9, a return of
 * the ball every ~10 decisions).
 */
export const HORIZON_FACTOR = 10;

/** Game frames a second, for the horizon in seconds (Phaser's default; the fast mode steps 1/60 s frames too). */
const FPS = 60;

/** Watches the first finished episodes of an agent against its discount's horizon; warns once. */
export class HorizonWatch {
  private readonly lengths: number[] = [];
  private done = false;

  /** `gamma`: the resolved spec's algorithm.gamma. */
  constructor(private readonly gamma: number) {}

  /** The horizon in decisions, 1/(1-gamma) (Infinity for gamma 1). */
  get horizon(): number {
    return 1 / (1 - this.gamma);
  }

  /**
   * An episode ended by the game after `steps` decisions of `decisionPeriod` frames: the warning
   * once the first HORIZON_EPISODES are in and their median is longer than HORIZON_FACTOR
   * horizons, else null (and null ever after).
   */
  episode(steps: number, decisionPeriod: number): AgentWarning | null {
    if (this.done) return null;
    this.lengths.push(steps);
    if (this.lengths.length < HORIZON_EPISODES) return null;
    this.done = true;
    const sorted = [...this.lengths].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const h = this.horizon;
    if (!(median > HORIZON_FACTOR * h)) return null;
    // A gamma whose horizon is the median episode (rounded up to 4 decimals, at most 0.9999).
    const suggested = Math.min(0.9999, Math.ceil((1 - 1 / median) * 1e4) / 1e4);
    const seconds = (x: number): string => `${((x * decisionPeriod) / FPS).toFixed(x * decisionPeriod >= FPS * 10 ? 0 : 2)} s`;
    return {
      code: 'short-horizon',
      message: `gamma ${this.gamma} looks about ${round(h)} decisions ahead (1/(1-gamma); ${seconds(h)} at ${decisionPeriod} ` +
        `frame${decisionPeriod === 1 ? '' : 's'} a decision and ${FPS} fps), but the median of the first ${HORIZON_EPISODES} episodes lasted ` +
        `${round(median)} decisions (${seconds(median)}), over ${HORIZON_FACTOR} horizons: a reward at an episode's end is worth under ` +
        `e^-${HORIZON_FACTOR} of itself at its start. If your rewards come late (a win or a loss at the end), set the spec's ` +
        `agent.algorithm.gamma to about ${suggested} (a horizon of ${round(1 / (1 - suggested))} decisions); if they come all along ` +
        `the episode, this may be fine.`,
    };
  }
}

function round(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x)) : String(x);
}
