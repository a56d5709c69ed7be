/**
 * The rules of the recall game, with no Phaser in them, so that the same code runs the demo's
 * scene and a Node Env (test/demos/) where a spec can be checked to learn before the browser.
 *
 * One episode, one rule step per game frame (the agent decides every frame):
 * - step 0 shows the cue: the left or the right lamp lights up;
 * - steps 1..delay show both lamps dark: the cue must be remembered;
 * - step delay+1 shows the "go" bar: choose now;
 * - the next step reads the action (0 left, 1 right): +1 if it names the cued side, -1 if not,
 *   and the episode is over (the player stands on the chosen side).
 * Actions before the choice do nothing, so a policy without memory is right half of the time.
 * After the end, the next `step` starts a new episode instead of advancing, so that the first
 * frame an agent observes in an episode always shows its cue.
 */
import { Rng } from 'pixelpilot/lab';
import type { Box, RuleStep } from '../shared/game_rules';

export type { Box, RuleStep };

/** Side length of the square field, in field units. */
export const FIELD = 100;
/** The game's actions, in the order of the agent's action indices. */
export const MEMORY_ACTIONS = ['left', 'right'] as const;

const LAMP = { y: 10, w: 34, h: 34, left: 8, right: 58 };
const GO_BAR = { x: 8, y: 58, w: 84, h: 12 };
const PLAYER = { y: 80, w: 12, h: 12 };
const DARK_LAMP = 0.25;

/** Options of the rules. */
export interface RecallRulesOptions {
  /** Dark steps between the cue and the go bar. Default 4. */
  delay?: number;
  /** Seed of the cue sequence. Default 0. */
  seed?: number;
}

/** The recall game's state and rules. */
export class RecallRules {
  /** Dark steps between cue and go bar. */
  readonly delay: number;
  /** The cued side of this episode: 0 left, 1 right. */
  cue = 0;
  /** Steps since the episode's cue (0 = cue shown). */
  t = 0;
  /** The side chosen at the end of the episode, or null before. */
  chosen: number | null = null;
  /** Episodes finished and how many were right. */
  episodes = 0;
  correct = 0;
  private rng: Rng;

  constructor(options: RecallRulesOptions = {}) {
    this.delay = options.delay ?? 4;
    if (!Number.isInteger(this.delay) || this.delay < 0) throw new RangeError(`RecallRules: delay must be an integer >= 0 (got ${this.delay})`);
    this.rng = new Rng(options.seed ?? 0);
    this.reset();
  }

  /** Starts an episode: a new cue is shown. */
  reset(): void {
    this.cue = this.rng.int(2);
    this.t = 0;
    this.chosen = null;
  }

  /** True once the choice was made (the next step starts a new episode). */
  get over(): boolean {
    return this.chosen !== null;
  }

  /** True on the step whose observation asks for the choice. */
  get goTime(): boolean {
    return this.chosen === null && this.t === this.delay + 1;
  }

  /** One game frame with `action` (0 left, 1 right) in force. */
  step(action: number): RuleStep {
    if (this.over) {
      this.reset();
      return { reward: 0, done: false };
    }
    if (this.t <= this.delay) {
      this.t++;
      return { reward: 0, done: false };
    }
    this.chosen = action === 1 ? 1 : 0;
    this.episodes++;
    const right = this.chosen === this.cue;
    if (right) this.correct++;
    return { reward: right ? 1 : -1, done: true };
  }

  /** What to draw, always the same four boxes in the same order (left lamp, right lamp, go bar, player), so a scene can keep one rectangle per box. */
  boxes(): Box[] {
    const lit = (side: number): number => (this.t === 0 && !this.over && this.cue === side ? 1 : DARK_LAMP);
    const playerX = this.chosen === null ? (FIELD - PLAYER.w) / 2 : this.chosen === 0 ? LAMP.left + (LAMP.w - PLAYER.w) / 2 : LAMP.right + (LAMP.w - PLAYER.w) / 2;
    return [
      { x: LAMP.left, y: LAMP.y, w: LAMP.w, h: LAMP.h, shade: lit(0) },
      { x: LAMP.right, y: LAMP.y, w: LAMP.w, h: LAMP.h, shade: lit(1) },
      { x: GO_BAR.x, y: GO_BAR.y, w: GO_BAR.w, h: GO_BAR.h, shade: this.goTime ? 1 : 0 },
      { x: playerX, y: PLAYER.y, w: PLAYER.w, h: PLAYER.h, shade: 0.6 },
    ];
  }
}
