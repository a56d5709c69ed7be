import type { Action, ActionSpace, Env, Observation, ObservationSpace, ResetOptions } from '../env';
import { observationSize } from '../env';
import { EnvError } from '../../util/errors';

/** What VectorEnv.reset returns: row i of `observations` is copy i's first observation. */
export interface VectorResetResult {
  /** N observations back to back (N x size, the single env's dtype). */
  observations: Observation;
}

/**
 * What VectorEnv.step returns. For every copy i that finished its episode on this step
 * (terminated[i] or truncated[i] is 1): rewards[i] and the flags are those of the finishing step,
 * finalObservations[i] is the last observation of the finished episode (bootstrap from it when
 * truncated and not terminated), and row i of `observations` is already the first observation of
 * the next episode (the copy was reset). For the other copies finalObservations[i] is null.
 * These are Gymnasium's (0.26-0.29) same-step autoreset and `final_observation` semantics.
 */
export interface VectorStepResult {
  observations: Observation;
  rewards: Float32Array;
  /** 1 where the copy's episode terminated on this step. */
  terminated: Uint8Array;
  /** 1 where the copy's episode was truncated on this step. */
  truncated: Uint8Array;
  finalObservations: (Observation | null)[];
}

/**
 * The spec's `num_envs`: N copies of an env stepped together with automatic reset. Copy i is
 * seeded with seed+i by `reset({seed})`; a reset without a seed continues each copy's stream,
 * except the very first, which seeds with 0+i so the copies never share a stream. Autoresets
 * reset without a seed (the streams continue). The observation and action spaces are the single
 * env's; every copy must have the same spaces.
 */
export class VectorEnv {
  readonly numEnvs: number;
  readonly observationSpace: ObservationSpace;
  readonly actionSpace: ActionSpace;
  private readonly size: number;
  private seeded = false;
  private started = false;

  constructor(readonly envs: readonly Env[]) {
    if (envs.length < 1) throw new EnvError('num_envs must be >= 1 (got 0 envs)');
    this.numEnvs = envs.length;
    this.observationSpace = envs[0].observationSpace;
    this.actionSpace = envs[0].actionSpace;
    const spaces = JSON.stringify([this.observationSpace, this.actionSpace]);
    envs.forEach((e, i) => {
      if (JSON.stringify([e.observationSpace, e.actionSpace]) !== spaces) {
        throw new EnvError(`VectorEnv: env ${i} has different spaces from env 0 (${JSON.stringify([e.observationSpace, e.actionSpace])} vs ${spaces})`);
      }
    });
    this.size = observationSize(this.observationSpace);
  }

  /** Resets every copy; with `seed`, copy i gets seed+i. */
  reset(options: ResetOptions = {}): VectorResetResult {
    const base = options.seed ?? (this.seeded ? undefined : 0);
    if (base !== undefined) this.seeded = true;
    const observations = this.allocate();
    this.envs.forEach((e, i) => {
      const r = e.reset(base === undefined ? {} : { seed: base + i });
      observations.set(r.observation, i * this.size);
    });
    this.started = true;
    return { observations };
  }

  /** Steps copy i with actions[i]; finished copies are reset at once (see VectorStepResult). */
  step(actions: ArrayLike<Action>): VectorStepResult {
    if (!this.started) throw new EnvError('VectorEnv: step() called before reset()');
    if (actions.length !== this.numEnvs) {
      throw new EnvError(`VectorEnv: step() needs one action per env (${this.numEnvs}), got ${actions.length}`);
    }
    const n = this.numEnvs;
    const observations = this.allocate();
    const rewards = new Float32Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const finalObservations: (Observation | null)[] = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const r = this.envs[i].step(actions[i]);
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      let obs = r.observation;
      if (r.terminated || r.truncated) {
        finalObservations[i] = obs.slice(); // a copy: an env may reuse its buffer on reset
        obs = this.envs[i].reset().observation;
      }
      observations.set(obs, i * this.size);
    }
    return { observations, rewards, terminated, truncated, finalObservations };
  }

  /**
   * Every copy's action mask back to back (N x n), or null when the env has no actionMask.
   * Call after reset/step: the masks are for the observations just returned.
   */
  actionMasks(): Uint8Array | null {
    if (this.actionSpace.type !== 'discrete' || !this.envs[0].actionMask) return null;
    const n = this.actionSpace.n;
    const out = new Uint8Array(this.numEnvs * n);
    this.envs.forEach((e, i) => out.set(e.actionMask!(), i * n));
    return out;
  }

  /** Closes every copy. */
  close(): void {
    for (const e of this.envs) e.close?.();
  }

  private allocate(): Observation {
    const n = this.numEnvs * this.size;
    return this.observationSpace.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  }
}
