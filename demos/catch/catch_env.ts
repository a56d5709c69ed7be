/**
 * The catch demo's game as a Node env module (default export: a factory of Gymnasium-shaped envs),
 * so `pixelpilot train --env` can train the policy the demo ships: the same rules as the Phaser
 * scene (catch_rules.ts), drawn as the agent sees the scene's canvas shrunk to one gray pixel per
 * cell (catch_look.ts). scripts/train_catch_policy.mjs bundles it for Node and runs the training.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from 'pixelpilot/lab';
import { BACKGROUND, BASKET, FRUIT, grayOf } from './catch_look';
import { CatchRules } from './catch_rules';

/** Options of the env. */
export interface CatchEnvOptions {
  /** Grid rows = columns. Default 10 (the demo's). */
  size?: number;
}

/** The view of the game the demo's agent has: size x size x 1 gray. */
export function catchView(rules: CatchRules, out: Uint8Array): Uint8Array {
  out.fill(grayOf(BACKGROUND));
  const cols = rules.cols;
  for (let c = rules.basket - 1; c <= rules.basket + 1; c++) out[(rules.rows - 1) * cols + c] = grayOf(BASKET);
  out[rules.fruitRow * cols + rules.fruitCol] = grayOf(FRUIT);
  return out;
}

class CatchDemoEnv implements Env {
  readonly observationSpace;
  readonly actionSpace = { type: 'discrete' as const, n: 3 };
  private rules: CatchRules;

  constructor(private readonly size: number) {
    this.observationSpace = { shape: [size, size, 1], dtype: 'uint8' as const, low: 0, high: 255 };
    this.rules = new CatchRules(size, size, 0);
  }

  reset(options?: ResetOptions): ResetResult {
    if (options?.seed !== undefined) this.rules = new CatchRules(this.size, this.size, options.seed);
    else this.rules.reset();
    return { observation: this.view() };
  }

  step(action: number | number[]): StepResult {
    const { reward, over } = this.rules.step(action as number);
    return { observation: this.view(), reward, terminated: over, truncated: false };
  }

  private view(): Uint8Array {
    return catchView(this.rules, new Uint8Array(this.size * this.size));
  }
}

/** Makes one env (the CLI makes one per `env.num_envs`). */
export default function makeCatchEnv(options: CatchEnvOptions = {}): Env {
  return new CatchDemoEnv(options.size ?? 10);
}
