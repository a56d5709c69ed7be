/**
 * The Algorithm contract: what the training loop (Node CLI, browser worker) calls. An algorithm
 * owns its nets, optimizers and memory; the loop owns the envs. Everything is vectorised over
 * `numEnvs` parallel envs: arrays are env-major, `[numEnvs, ...]`.
 */
import type { ActionSpace } from '../env/env';
import type { Demonstrations } from '../memory/demonstrations';
import type { Net } from '../net/net';
import type { ResolvedAgentSpec } from '../spec/types';
import type { Rng } from '../util/rng';
import type { AlgorithmTrainingState } from './training_state';

/** Observations of all envs, concatenated: `[numEnvs, ...obsShape]`. */
export type ObsBatch = Uint8Array | Float32Array;

/** Actions of all envs: `[numEnvs]` (discrete), `[numEnvs, nvec.length]` (multi-discrete, Int32)
 *  or `[numEnvs, actionDim]` (continuous, Float32). */
export type ActionBatch = Int32Array | Float32Array;

/** What an algorithm is built with. */
export interface AlgorithmContext {
  /** The resolved agent section (algorithm, memory, net). */
  agent: ResolvedAgentSpec;
  /** One env's observation shape as the agent sees it (frames already stacked by the env wrappers). */
  obsShape: number[];
  obsDtype: 'uint8' | 'float32';
  actionSpace: ActionSpace;
  /** Parallel envs stepping together (the spec's env.num_envs). */
  numEnvs: number;
  /**
   * Frames stacked on the last axis of each observation by the env's frame_op 'concat' (1 when
   * none): lets a replay memory store every frame once.
   */
  frameStack: number;
  /** The run's random stream (init, exploration, sampling). */
  rng: Rng;
  /** Where the algorithm reports what a user should know (e.g. a skipped non-finite update). */
  onEvent?: (event: AlgorithmEvent) => void;
  /** The parameter cap checked before any net is built (see checkParamBudget). Default DEFAULT_MAX_PARAMS (50,000,000). */
  maxParams?: number;
}

/** See Algorithm.roundSchedule. */
export interface RoundSchedule {
  /** Update calls until the next round: the `next`-th call from now trains. */
  next: number;
  /** Update calls between two rounds (time_horizon, or training_frequency). */
  every: number;
}

/** Something the algorithm noticed during training. */
export type AlgorithmEvent =
  | { type: 'non_finite_loss'; frame: number; message: string }
  | { type: 'warning'; message: string };

/** The outcome of one `env.step` across all envs, as the loop passes it to `update`. */
export interface StepBatch {
  /** What the agent acted on: `[numEnvs, ...obsShape]`. */
  observations: ObsBatch;
  actions: ActionBatch;
  rewards: Float32Array;
  /**
   * What each env returned after the action. Where an episode ended, this is that episode's final
   * observation (not the first observation of the next one).
   */
  nextObservations: ObsBatch;
  /** 1 where the episode reached a terminal state: no bootstrapping. */
  terminated: Uint8Array;
  /** 1 where the episode was cut short (time limit): bootstrap from nextObservations. */
  truncated: Uint8Array;
  /** Discrete action masks `[numEnvs, n]` of observations / next observations, when the env has them. */
  actionMasks?: Uint8Array | null;
  nextActionMasks?: Uint8Array | null;
}

/** Numbers of one training round (one or more optimizer steps), for logs and progress bars. */
export interface TrainReport {
  /** Mean loss over the round's optimizer steps that were applied. */
  loss: number;
  /** Optimizer steps applied in this round. */
  updates: number;
  /** Optimizer steps skipped because the loss or a gradient was not finite. */
  skipped: number;
  /**
   * Extra named numbers (e.g. 'explore_var', 'lr', 'clip_eps'; PPO and ActorCritic: 'entropy', the
   * collecting policy's mean entropy over the rollout, and 'explained_variance' of its value
   * targets by V(s), see rollout_stats.ts; PPO: 'approx_kl' and 'clip_fraction', how far its updates
   * moved the policy from pi_old; a rollout a lagged actor acted: 'acting_weight', the mean of its
   * samples' weights min(1, pi_old / pi_acting), ppo.ts). With demonstrations:
   * 'demo_loss' (the imitation loss: DQfD's large margin, or behaviour cloning's cross-entropy),
   * 'bc_strength' (policy nets), 'demo_nstep_loss', 'demo_td_loss', 'demo_share' (DQN family).
   */
  extra: Record<string, number>;
}

/**
 * The report extras that `train --metrics` logs, each as its mean over the rounds between two
 * lines (the page's 'train' event carries these too).
 */
export const METRIC_EXTRAS = ['demo_loss', 'entropy', 'explained_variance', 'approx_kl', 'clip_fraction', 'acting_weight'] as const;

/** `extra`'s METRIC_EXTRAS that are numbers (plain data for an event). */
export function metricExtras(extra: Record<string, number>): Record<string, number> {
  return Object.fromEntries(METRIC_EXTRAS.flatMap((k) => (typeof extra[k] === 'number' ? [[k, extra[k]]] : [])));
}

/** A learning algorithm. */
export interface Algorithm {
  /** Its nets by SLM Lab's attribute names: 'net', and 'critic_net' / 'target_net' where used. */
  readonly nets: ReadonlyMap<string, Net>;
  /**
   * Actions for all envs. `explore` true while training (epsilon/boltzmann/sampling), false for
   * greedy evaluation. Masks, when given, are `[numEnvs, n]` with 1 = allowed.
   */
  act(observations: ObsBatch, options: { explore: boolean; actionMasks?: Uint8Array | null }): Promise<ActionBatch>;
  /**
   * Records a step of all envs and trains when the spec says it is time (`frame` counts env steps
   * over all envs so far, this step included). Returns the round's numbers, or null if it did not train.
   */
  update(step: StepBatch, frame: number): Promise<TrainReport | null>;
  /**
   * When training comes in rounds every `every` steps that acting does not feed (an on-policy
   * rollout of a feedforward net with discrete actions): the steps (update calls) until the next
   * round, this step's included, so that another copy of the nets can act meanwhile (lagged_actor.ts).
   * Absent or null: acting and training must stay in one place.
   */
  roundSchedule?(): RoundSchedule | null;
  /**
   * The nets' weights were just copied to a lagged actor (`first`: a new one), which acts the
   * rollout after the next round's first step with them: an algorithm that can tell the policy that
   * acted a rollout from the one it trains keeps them (acting_snapshots.ts). Default: ignored.
   */
  actorCopied?(first: boolean): void;
  /**
   * Forgets per-env acting state (recurrent windows) of env `index`. Drivers call it for every env
   * at the start of a run and, after `update`, for every env whose episode ended (the env was
   * reset); calling it twice is harmless.
   */
  resetEnv(index: number): void;
  /**
   * Nets of `nets` that only training needs (target nets), each mapped to the net it follows.
   * They are saved with the training state only; a policy without one copies the followed net.
   * Default: none.
   */
  readonly targetNets?: ReadonlyMap<string, string>;
  /** Its training state beyond the weights (see training_state.ts). Absent: nothing to save. */
  trainingState?(): Promise<AlgorithmTrainingState>;
  /**
   * Checks that `state` fits (ShapeError naming the first problem, nothing changed) and returns
   * the function that restores it, which cannot fail.
   */
  planTrainingState?(state: AlgorithmTrainingState, where: string): () => void;
  /**
   * Learns from demonstrations from now on (docs/demonstrations.md): DQfD for the DQN family,
   * behaviour cloning beside the RL loss for the policy-gradient family, weighted by the spec's
   * demo and bc keys. Replaces demonstrations given before. ShapeError when they do not fit.
   */
  useDemonstrations?(demos: Demonstrations): void;
  /**
   * Optimizer steps on the demonstrations alone (default the spec's demo_pretrain_steps), before
   * the first agent step; the frame count does not move. The report's extra.demo_loss is the
   * imitation loss (DQfD's large margin, or the cloning cross-entropy).
   */
  pretrainOnDemonstrations?(steps?: number): Promise<TrainReport>;
  /** Frees every tensor and variable it owns. */
  dispose(): void;
}
