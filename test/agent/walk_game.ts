/**
 * A tiny deterministic env and the "game" that plays copies of it frame by frame, for tests that
 * compare the in-game decision loop with the Node run loop. Not a test file itself.
 *
 * The env: a walker on cells 0..6 starting near the middle (a seeded stream picks the start);
 * actions left / right / stay; reaching cell 6 ends the episode with +1, cell 0 with -1, every
 * other step costs 0.05. Observation [cell / 6, steps / 10, start / 6] (float32).
 */
import type { Action, Env, StepResult } from '../../src/env/env';
import type { EpisodeInfo } from '../../src/attach/loop_events';

export const WALK_ACTIONS = ['left', 'right', 'stay'] as const;

/** A walker env; `reset({seed})` restarts its stream, a reset without a seed continues it. */
export function walkEnv(): Env {
  let state = 1;
  let cell = 3;
  let start = 3;
  let t = 0;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 16;
  };
  const obs = (): Float32Array => Float32Array.of(cell / 6, t / 10, start / 6);
  return {
    observationSpace: { shape: [3], dtype: 'float32' },
    actionSpace: { type: 'discrete', n: 3 },
    reset(options: { seed?: number } = {}) {
      if (options.seed !== undefined) state = options.seed * 7919 + 1;
      start = 2 + (next() % 3);
      cell = start;
      t = 0;
      return { observation: obs() };
    },
    step(action: Action): StepResult {
      const a = action as number;
      cell += a === 0 ? -1 : a === 1 ? 1 : 0;
      t++;
      const end = cell <= 0 || cell >= 6;
      const reward = cell >= 6 ? 1 : cell <= 0 ? -1 : -0.05;
      return { observation: obs(), reward, terminated: end, truncated: false };
    },
  };
}

/**
 * `players` walker envs played as a game: `update()` is the game's update (each player's env
 * steps with the action the agent last gave it), `observe` / `reward` / `done` are the attach
 * callbacks, and `episodeEnded` (the agent's 'episode' listener) restarts that player's round as
 * a VectorEnv autoreset would. With one player the round restarts after a one-frame game-over
 * screen (no step), since the decision loop waits one frame after an episode ends.
 */
export class WalkGame {
  readonly envs: Env[];
  readonly action: (number | null)[];
  readonly obs: Float32Array[];
  readonly rewards: number[];
  readonly dones: boolean[];
  /** Env steps taken over all players. */
  steps = 0;
  private readonly frozen: boolean[];

  constructor(readonly players: number) {
    this.envs = Array.from({ length: players }, () => walkEnv());
    // As VectorEnv's first reset: copy i is seeded with i.
    this.obs = this.envs.map((e, i) => e.reset({ seed: i }).observation as Float32Array);
    this.action = new Array(players).fill(null);
    this.rewards = new Array(players).fill(0);
    this.dones = new Array(players).fill(false);
    this.frozen = new Array(players).fill(false);
  }

  update(): void {
    for (let p = 0; p < this.players; p++) {
      this.rewards[p] = 0;
      this.dones[p] = false;
      const a = this.action[p];
      if (this.frozen[p] || a === null || a === undefined) {
        this.frozen[p] = false;
        continue;
      }
      const r = this.envs[p]!.step(a);
      this.steps++;
      this.obs[p] = r.observation as Float32Array;
      this.rewards[p] = r.reward;
      this.dones[p] = r.terminated;
    }
  }

  readonly observe = (p: number): Float32Array => this.obs[p]!;
  readonly act = (a: number, _name: string, p: number): void => {
    this.action[p] = a;
  };
  readonly reward = (p: number): number => this.rewards[p]!;
  readonly done = (p: number): boolean => this.dones[p]!;
  readonly episodeEnded = (e: Pick<EpisodeInfo, 'player'>): void => {
    this.obs[e.player] = this.envs[e.player]!.reset().observation as Float32Array;
    this.dones[e.player] = false;
    if (this.players === 1) this.frozen[e.player] = true;
  };
}
