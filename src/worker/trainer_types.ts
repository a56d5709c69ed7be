/**
 * What the Trainer (the facade inside the worker) takes and returns. Everything here is
 * structured-cloneable, so the same types describe a call on a `Trainer` and on its comlink remote.
 */
import type { TrainReport } from '../algorithm/algorithm';
import type { BackendName } from '../backend/select_backend';
import type { ActionSpace } from '../env/env';
import type { ObservationPipeline } from '../store/policy_manifest';
import type { SavedTrainerCounters } from '../store/training_manifest';
import type { BackendAttempt } from '../util/errors';

/** Options of `Trainer.init`. */
export interface TrainerInitOptions {
  /** An SLM Lab spec: parsed JSON, or its text (comments and trailing commas allowed). */
  spec: unknown;
  /** Which spec of a file of named specs (needed when it holds more than one). */
  specName?: string;
  /** One env's observation as the agent sees it, frames stacked: `[H, W, C]` uint8 or `[D]`. */
  obsShape: number[];
  obsDtype: 'uint8' | 'float32';
  actionSpace: ActionSpace;
  /** Parallel envs whose observations arrive together in each `act` / `observe`. */
  numEnvs: number;
  /** Frames stacked on the last axis of each image observation (1 when none). Default 1. */
  frameStack?: number;
  /** Seed of the run's random stream. Default: the spec's meta.random_seed, else 0. */
  seed?: number;
  /** 'auto' (default): WebGPU, then WASM, then CPU; or one backend only. */
  backend?: 'auto' | BackendName;
  /** Directory URL of tfjs-backend-wasm's .wasm files (browsers). Default: next to the bundle. */
  wasmPaths?: string;
  /** Names of the discrete actions, written into exported policies. Default: none. */
  actionNames?: readonly string[];
  /** How the game's frames become observations, written into exported policies. Default: none. */
  pipeline?: ObservationPipeline;
  /** The cap on the nets' trainable parameters, checked before building (and on every imported policy). Default 50,000,000. */
  maxParams?: number;
}

/** Options of `Trainer.exportPolicy`. */
export interface ExportPolicyOptions {
  /**
   * Include the training state (optimizer slots and steps, target nets, lr schedulers, the
   * algorithm's and the Trainer's counters, the random stream) so training can resume. Replay
   * memories are never saved. Default true; false gives a smaller inference-only policy.
   */
  training?: boolean;
  /**
   * These weights go to a lagged actor (src/agent/lagged_actor.ts): 'start' for a new actor's
   * first copy, 'round' for each later one. PPO then keeps them, to weigh the rollout they act
   * (decoupled PPO, see ppo.ts). Default: not for an actor.
   */
  acting?: 'start' | 'round';
}

/** Options of `Trainer.importPolicy`. */
export interface ImportPolicyOptions {
  /**
   * 'train' (default): restore the training state when the policy has one. 'inference': load the
   * weights only (target nets copy the net they follow; counters and optimizers stay as they are).
   */
  mode?: 'train' | 'inference';
}

/** What `Trainer.importPolicy` did. */
export interface ImportPolicyResult {
  /** True when the training state was restored as well as the weights. */
  restoredTraining: boolean;
  /** The Trainer's frame count afterwards (observe's next frame must not be below it). */
  frame: number;
  /** The policy's format version (1 or 2). */
  formatVersion: number;
}

/** Options of `Trainer.useDemonstrations`. */
export interface UseDemonstrationsOptions {
  /** Optimizer steps on the demonstrations alone, now. Default: the spec's demo_pretrain_steps (1000 unless set); 0 = none. */
  pretrainSteps?: number;
}

/** What `Trainer.useDemonstrations` did. */
export interface UseDemonstrationsResult {
  episodes: number;
  steps: number;
  /** The file's checksum. */
  checksum: string;
  /** The pre-training's numbers (extra.demo_loss: the imitation loss), or null when there was none. */
  report: TrainReport | null;
}

/** What `Trainer.init` reports. */
export interface TrainerInitResult {
  /** The backend the Trainer runs on. */
  backend: BackendName;
  /** Backends tried before it, each with why it failed. */
  attempts: BackendAttempt[];
  /** Spec warnings (keys with no meaning here ...), each as `path: message`. */
  warnings: string[];
  /** The resolved spec's name. */
  specName: string;
  /** Trainable parameters of all nets. */
  params: number;
}

/** Options of `Trainer.act`. */
export interface ActOptions {
  /** Explore (training) or act greedily (evaluation). Default true. */
  explore?: boolean;
}

/** A Trainer's counters (saved with a policy, see SavedTrainerCounters) and its state, for logs and tests. */
export interface TrainerStats extends SavedTrainerCounters {
  /** null before `init` and after `dispose`. */
  backend: BackendName | null;
  /** tfjs tensors alive in the worker (leak checks). */
  numTensors: number;
  /** Recent warnings and algorithm events (at most 20), oldest first. */
  events: string[];
}
