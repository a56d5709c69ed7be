/**
 * Shared types of the replay memories: the memory section of a spec, the options every memory is
 * built with, one transition as the caller adds it, and the action-space shape memories need.
 */
import type { Rng } from '../util/rng';

/** Memory class names, as SLM Lab writes them in `agent.memory.name`. */
export type MemoryName = 'Replay' | 'PrioritizedReplay' | 'OnPolicyReplay' | 'OnPolicyBatchReplay';

/**
 * The `agent.memory` section of a spec, with SLM Lab's key names. Keys a memory does not use are
 * ignored by it (the spec loader decides which keys are allowed).
 */
export interface MemorySpec {
  readonly name: MemoryName;
  /** Replay / PrioritizedReplay: transitions per sample (default 32). */
  readonly batch_size?: number;
  /** Replay / PrioritizedReplay: stored frames/steps in all (default 10000). */
  readonly max_size?: number;
  /** Combined experience replay: the newest transition is always in the batch (default false). */
  readonly use_cer?: boolean;
  /** PrioritizedReplay: priority exponent (default 0.6). */
  readonly alpha?: number;
  /** PrioritizedReplay: added to |td error| so no priority is 0 (default 1e-4). */
  readonly epsilon?: number;
  /** PrioritizedReplay: importance-sampling exponent at the start (default 0.4). */
  readonly beta_start?: number;
  /** PrioritizedReplay: added transitions over which beta rises linearly to 1 (default 1e6). */
  readonly beta_anneal_steps?: number;
  /**
   * On-policy memories: episodes (OnPolicyReplay) or steps per env (OnPolicyBatchReplay) before
   * the memory is ready. In SLM Lab this is the algorithm's `training_frequency` (PPO: its
   * `time_horizon`); given here it overrides `MemoryOptions.trainingFrequency`.
   */
  readonly training_frequency?: number;
}

/** The action spaces of the Env contract (see docs/architecture.md), as far as memories need them. */
export type ActionSpaceLike =
  | { readonly type: 'discrete'; readonly n: number }
  | { readonly type: 'multi_discrete'; readonly nvec: readonly number[] }
  | {
      readonly type: 'continuous';
      readonly shape: readonly number[];
      readonly low?: number;
      readonly high?: number;
    };

/** Observation element types a memory stores. */
export type ObsDtype = 'uint8' | 'float32';

/** An observation as the agent sees it. */
export type ObsArray = Uint8Array | Float32Array;

/** What every memory is built with (besides its spec). */
export interface MemoryOptions {
  /**
   * The agent's observation shape, frames already stacked: HxWx(C*K) for images, [D*K] for
   * vectors. Stacking concatenates frames along the last axis, oldest first (Gym FrameStack).
   */
  readonly obsShape: readonly number[];
  /** Element type of observations: 'uint8' images or 'float32' vectors. */
  readonly obsDtype: ObsDtype;
  readonly actionSpace: ActionSpaceLike;
  /** Frames stacked into one observation, K (default 1: no stacking). */
  readonly frameStack?: number;
  /** Parallel env streams that add transitions (default 1). */
  readonly numEnvs?: number;
  /** Default random stream for `sample()` when none is passed. */
  readonly rng: Rng;
  /** Store an action mask with every observation (default false; discrete spaces only). */
  readonly actionMask?: boolean;
  /** On-policy readiness from the algorithm spec (default 1); see MemorySpec.training_frequency. */
  readonly trainingFrequency?: number;
}

/**
 * One environment step as the caller adds it. `obs` is what the agent acted on, `nextObs` what the
 * env returned. Bootstrapping must use `terminated` only; `truncated` episodes still end.
 */
export interface Transition {
  readonly obs: ObsArray;
  /** An integer (discrete), Int32 values (multi-discrete) or Float32 values (continuous). */
  readonly action: number | ArrayLike<number>;
  readonly reward: number;
  readonly nextObs: ObsArray;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** 1 = action allowed in `obs`; required when the memory stores masks. */
  readonly actionMask?: Uint8Array;
  /** 1 = action allowed in `nextObs`; required when the memory stores masks. */
  readonly nextActionMask?: Uint8Array;
}
