import { Rng } from '../util/rng';
import type { Action, Env, Observation, ObservationSpace, ResetOptions, ResetResult, StepResult } from './env';
import { boolOption, discreteAction, intOption, rejectUnknownOptions, requireRunning } from './env_options';

/** Options of the `recall` env. */
export interface RecallOptions {
  /** Number of distinct cues, and of actions. Default 2. */
  n_cues?: number;
  /** Blank steps between the cue and the choice. Default 4. */
  delay?: number;
  /** Observe a small uint8 image instead of a float32 vector. Default false. */
  image?: boolean;
  /** Pixels per cell of the image observation. Default 4 (ignored for vectors). */
  scale?: number;
}

const NAME = 'recall';

/**
 * A recall task solvable only with memory. Timeline of one episode (`delay + 2` steps):
 * - `reset()` observes the cue, uniform in [0, n_cues);
 * - steps 1..delay observe blank (all zeros);
 * - step delay+1 observes "choice time";
 * - step delay+2 is the choice: the action is compared with the cue, reward +1 if equal and -1
 *   otherwise, terminated, and the final observation is blank.
 * Actions before the choice are ignored and rewarded 0, so a memoryless policy can do no better
 * than chance (1/n_cues) and an expected return of (2/n_cues - 1).
 *
 * Vector observation (default): float32 `[n_cues + 1]`: the cue one-hot in the first n_cues
 * elements (cue step only), then the choice-time flag (choice step only).
 * Image observation (`image: true`): uint8 `[2*scale, n_cues*scale, 1]`, a grid of 2 x n_cues
 * cells: the cue lights cell (0, cue), choice time lights the whole bottom row; 255 on 0.
 * The random stream is seeded by `reset({seed})` (seed 0 until the first seeded reset).
 */
export function recallEnv(options: RecallOptions = {}): Env {
  return new RecallEnv(options as Record<string, unknown>);
}

class RecallEnv implements Env {
  readonly observationSpace: ObservationSpace;
  readonly actionSpace: { type: 'discrete'; n: number };
  private readonly nCues: number;
  private readonly delay: number;
  private readonly image: boolean;
  private readonly scale: number;
  private rng = new Rng(0);
  private cue = 0;
  private t = 0;
  private running = false;

  constructor(options: Record<string, unknown>) {
    rejectUnknownOptions(NAME, options, ['n_cues', 'delay', 'image', 'scale']);
    this.nCues = intOption(NAME, options, 'n_cues', 2, 2, 256);
    this.delay = intOption(NAME, options, 'delay', 4, 0);
    this.image = boolOption(NAME, options, 'image', false);
    this.scale = intOption(NAME, options, 'scale', 4, 1, 64);
    this.actionSpace = { type: 'discrete', n: this.nCues };
    this.observationSpace = this.image
      ? { shape: [2 * this.scale, this.nCues * this.scale, 1], dtype: 'uint8', low: 0, high: 255 }
      : { shape: [this.nCues + 1], dtype: 'float32', low: 0, high: 1 };
  }

  reset(options: ResetOptions = {}): ResetResult {
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    this.cue = this.rng.int(this.nCues);
    this.t = 0;
    this.running = true;
    return { observation: this.render() };
  }

  step(action: Action): StepResult {
    requireRunning(NAME, this.running);
    const a = discreteAction(NAME, action, this.nCues);
    this.t += 1;
    if (this.t <= this.delay + 1) return { observation: this.render(), reward: 0, terminated: false, truncated: false };
    this.running = false;
    return { observation: this.render(), reward: a === this.cue ? 1 : -1, terminated: true, truncated: false };
  }

  private render(): Observation {
    const showCue = this.t === 0;
    const choiceTime = this.t === this.delay + 1;
    if (!this.image) {
      const v = new Float32Array(this.nCues + 1);
      if (showCue) v[this.cue] = 1;
      if (choiceTime) v[this.nCues] = 1;
      return v;
    }
    const s = this.scale;
    const width = this.nCues * s;
    const img = new Uint8Array(2 * s * width);
    if (showCue) for (let y = 0; y < s; y++) img.fill(255, y * width + this.cue * s, y * width + (this.cue + 1) * s);
    if (choiceTime) img.fill(255, s * width, 2 * s * width);
    return img;
  }
}
