/**
 * The catch demo's scene as a Node env module, for the benchmark's Node path (train_game.bench.mjs
 * runs `pixelpilot train --env` on it): the scene's rules (demos/catch/catch_rules.ts) drawn as its
 * agent sees the canvas, shrunk to one gray pixel per cell (10x10x1, BT.601 luma of the scene's
 * colours, demos/catch/catch_look.ts). A hand-written stand-in for the real scene; the demo itself
 * trains on the scene (demos/catch/training.ts).
 */
import type { Env, ResetOptions, ResetResult, StepResult } from 'pixelpilot/lab';
import { BACKGROUND, BASKET, FRUIT } from '../demos/catch/catch_look';
import { CatchRules } from '../demos/catch/catch_rules';

const SIZE = 10;

/** BT.601 luma of a 0xRRGGBB colour, as the agent's capture computes it. */
const gray = (rgb: number): number => Math.round(0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255));

class CatchSceneEnv implements Env {
  readonly observationSpace = { shape: [SIZE, SIZE, 1], dtype: 'uint8' as const, low: 0, high: 255 };
  readonly actionSpace = { type: 'discrete' as const, n: 3 };
  private rules = new CatchRules(SIZE, SIZE, 0);

  reset(options?: ResetOptions): ResetResult {
    if (options?.seed !== undefined) this.rules = new CatchRules(SIZE, SIZE, options.seed);
    else this.rules.reset();
    return { observation: this.view() };
  }

  step(action: number | number[]): StepResult {
    const { reward, over } = this.rules.step(action as number);
    return { observation: this.view(), reward, terminated: over, truncated: false };
  }

  private view(): Uint8Array {
    const out = new Uint8Array(SIZE * SIZE).fill(gray(BACKGROUND));
    const r = this.rules;
    for (let c = r.basket - 1; c <= r.basket + 1; c++) out[(SIZE - 1) * SIZE + c] = gray(BASKET);
    out[r.fruitRow * SIZE + r.fruitCol] = gray(FRUIT);
    return out;
  }
}

/** One env (the CLI makes one per env.num_envs). */
export default function makeCatchSceneEnv(): Env {
  return new CatchSceneEnv();
}
