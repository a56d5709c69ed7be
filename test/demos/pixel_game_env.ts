/**
 * A Node Env over a demo game's rules (demos/<name>/<name>_rules.ts): it renders the rules' boxes
 * to a small gray image the way the browser's downscaled canvas shows them (area coverage), repeats
 * an action for `frameSkip` rule steps as `attach({decisionPeriod})` does, and truncates long
 * episodes as `attach({maxStep})` does. It lets a spec be checked to learn the game in Node.
 */
import type { Action, Env, ObservationSpace, ResetResult, StepResult } from '../../src/env/env';
import type { Box, BoxRules as GameRules } from '../../demos/shared/game_rules';

export type { Box, GameRules };

/** Options of the env. */
export interface PixelGameEnvOptions {
  /** Side length of the square field in field units. */
  field: number;
  /** Observation width and height in pixels. */
  size: number;
  /** Actions. */
  actions: number;
  /** Rule steps per env step (the action repeats). Default 1. */
  frameSkip?: number;
  /** Env steps before truncation. Default Infinity. */
  maxSteps?: number;
}

/** Renders boxes (field units) into a `size` x `size` gray image by area coverage (0..255). */
export function rasterize(boxes: readonly Box[], field: number, size: number, out = new Uint8Array(size * size)): Uint8Array {
  const acc = new Float32Array(size * size);
  const k = size / field;
  for (const b of boxes) {
    if (b.shade <= 0) continue;
    const x0 = b.x * k, x1 = (b.x + b.w) * k, y0 = b.y * k, y1 = (b.y + b.h) * k;
    for (let py = Math.max(0, Math.floor(y0)); py < Math.min(size, Math.ceil(y1)); py++) {
      const cy = Math.min(py + 1, y1) - Math.max(py, y0);
      for (let px = Math.max(0, Math.floor(x0)); px < Math.min(size, Math.ceil(x1)); px++) {
        const cx = Math.min(px + 1, x1) - Math.max(px, x0);
        // Later boxes paint over earlier ones, as in the scene.
        const i = py * size + px;
        acc[i] = acc[i]! * (1 - cx * cy) + b.shade * cx * cy;
      }
    }
  }
  for (let i = 0; i < acc.length; i++) out[i] = Math.round(Math.min(1, acc[i]!) * 255);
  return out;
}

/** An Env over `rules` (a fresh rules object per env: it keeps its own random stream). */
export class PixelGameEnv implements Env {
  readonly observationSpace: ObservationSpace;
  readonly actionSpace: { type: 'discrete'; n: number };
  private readonly frameSkip: number;
  private readonly maxSteps: number;
  private steps = 0;

  constructor(private readonly rules: GameRules, private readonly o: PixelGameEnvOptions) {
    this.observationSpace = { shape: [o.size, o.size, 1], dtype: 'uint8', low: 0, high: 255 };
    this.actionSpace = { type: 'discrete', n: o.actions };
    this.frameSkip = o.frameSkip ?? 1;
    this.maxSteps = o.maxSteps ?? Infinity;
  }

  reset(): ResetResult {
    this.rules.reset();
    this.steps = 0;
    return { observation: this.render() };
  }

  step(action: Action): StepResult {
    let reward = 0;
    let done = false;
    for (let i = 0; i < this.frameSkip && !done; i++) {
      const r = this.rules.step(action as number);
      reward += r.reward;
      done = r.done;
    }
    this.steps++;
    return { observation: this.render(), reward, terminated: done, truncated: !done && this.steps >= this.maxSteps };
  }

  private render(): Uint8Array {
    return rasterize(this.rules.boxes(), this.o.field, this.o.size);
  }
}
