import type { Action, Env, ObservationSpace, StepResult } from '../../../src/env/env';

/** Options of the scripted test env. */
export interface CounterEnvOptions {
  shape?: number[];
  dtype?: 'uint8' | 'float32';
  /** Steps per episode; the last one terminates (or truncates, with `truncate`). */
  length?: number;
  truncate?: boolean;
  /** Reward of step t (1-based) is rewards[(t-1) % rewards.length]. */
  rewards?: number[];
  withMask?: boolean;
}

/**
 * A deterministic env for wrapper tests: at time t (0 after reset) element j of the observation is
 * `value(t, j)`, so a test can tell which frame landed where. A seed shifts t by 100*seed.
 */
export function counterEnv(o: CounterEnvOptions = {}): Env & { resets: number; actions: Action[] } {
  const space: ObservationSpace = { shape: o.shape ?? [3], dtype: o.dtype ?? 'float32' };
  const size = space.shape.reduce((a, b) => a * b, 1);
  const length = o.length ?? 5;
  const rewards = o.rewards ?? [1];
  let t = 0;
  let offset = 0;
  const obs = (): Uint8Array | Float32Array => {
    const a = space.dtype === 'uint8' ? new Uint8Array(size) : new Float32Array(size);
    for (let j = 0; j < size; j++) a[j] = counterValue(space.dtype, offset + t, j);
    return a;
  };
  const env = {
    observationSpace: space,
    actionSpace: { type: 'discrete' as const, n: 2 },
    resets: 0,
    actions: [] as Action[],
    reset(opts: { seed?: number } = {}) {
      if (opts.seed !== undefined) offset = 100 * opts.seed;
      t = 0;
      env.resets += 1;
      return { observation: obs() };
    },
    step(action: Action): StepResult {
      env.actions.push(action);
      t += 1;
      const done = t >= length;
      return { observation: obs(), reward: rewards[(t - 1) % rewards.length], terminated: done && !o.truncate, truncated: done && !!o.truncate };
    },
    ...(o.withMask ? { actionMask: () => Uint8Array.of(1, t % 2) } : {}),
  };
  return env;
}

/** Element j of a counterEnv observation at (offset) time t. */
export function counterValue(dtype: 'uint8' | 'float32', t: number, j: number): number {
  return dtype === 'uint8' ? (t * 16 + j) % 256 : t * 1000 + j;
}
