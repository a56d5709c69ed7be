/**
 * The Env contract (Gymnasium's shape, see docs/architecture.md, "Contracts"). The CLI and headless browser code drive
 * any object of this shape; built-in envs and user env modules both produce one.
 */

/** What an env observes. Image observations are `[H, W, C]` uint8; vectors are `[D]`. */
export interface ObservationSpace {
  shape: number[];
  dtype: 'uint8' | 'float32';
  /** Lowest value any element takes, when bounded the same for every element. */
  low?: number;
  /** Highest value any element takes, when bounded the same for every element. */
  high?: number;
}

/** One of `n` choices, numbered 0..n-1. */
export interface DiscreteSpace {
  type: 'discrete';
  n: number;
}

/** Several independent discrete choices; choice i takes a value in 0..nvec[i]-1. */
export interface MultiDiscreteSpace {
  type: 'multi_discrete';
  nvec: number[];
}

/** Real-valued actions of `shape`, every element in [low, high]. */
export interface ContinuousSpace {
  type: 'continuous';
  shape: number[];
  low: number;
  high: number;
}

/** What an env accepts. */
export type ActionSpace = DiscreteSpace | MultiDiscreteSpace | ContinuousSpace;

/** An observation: flat, row-major, of the observation space's shape and dtype. */
export type Observation = Uint8Array | Float32Array;

/** A discrete action is a number; multi_discrete and continuous actions are arrays. */
export type Action = number | number[];

/** Options for `reset`. */
export interface ResetOptions {
  /** Reseeds the env's random stream; without it the stream continues. */
  seed?: number;
}

/** What `reset` returns. */
export interface ResetResult {
  observation: Observation;
}

/** What `step` returns. `terminated`: the MDP ended; `truncated`: cut short (e.g. a time limit). */
export interface StepResult {
  observation: Observation;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/** An environment, as in docs/architecture.md ("Contracts"). */
export interface Env {
  observationSpace: ObservationSpace;
  actionSpace: ActionSpace;
  reset(options?: ResetOptions): ResetResult;
  step(action: Action): StepResult;
  close?(): void;
  /** For discrete action spaces: 1 where an action is allowed now, 0 where not (length n). */
  actionMask?(): Uint8Array;
}

/** A function making an Env: a built-in's factory or a user env module's default export. */
export type EnvFactory = (options?: Record<string, unknown>) => Env;

/** Number of elements in one observation (the product of its shape). */
export function observationSize(space: ObservationSpace): number {
  return space.shape.reduce((a, b) => a * b, 1);
}

/** Allocates a zeroed observation of the space's dtype and size. */
export function emptyObservation(space: ObservationSpace): Observation {
  const n = observationSize(space);
  return space.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
}

export { validateEnv } from './validate_env';
