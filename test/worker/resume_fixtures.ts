/**
 * Shared by the resume tests: a tiny PPO spec over a 4-vector space (2 actions, 2 envs) with the
 * optimizer of one's choice, an lr schedule and frame-driven entropy / clip schedules, and a
 * driver that plays a fixed observation stream through a Trainer. Not a test file itself.
 */
import type { StepBatch } from '../../src/algorithm/algorithm';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { Rng } from '../../src/util/rng';
import type { Trainer } from '../../src/worker/trainer';
import type { TrainerInitOptions } from '../../src/worker/trainer_types';

export const RESUME_ENVS = 2;
/** PPO trains every TIME_HORIZON steps per env; saving at a multiple leaves its memory empty. */
export const TIME_HORIZON = 8;

/** Optimizer specs whose state the resume must carry (momentum and centering add slots). */
export const OPTIMIZERS: Record<string, object> = {
  Adam: { name: 'Adam', lr: 0.01 },
  AdamW: { name: 'AdamW', lr: 0.01, weight_decay: 0.1 },
  RMSprop: { name: 'RMSprop', lr: 0.01, momentum: 0.5, centered: true },
  SGD: { name: 'SGD', lr: 0.05, momentum: 0.9, dampening: 0.1 },
};

/** A PPO spec with separate actor and critic nets, both using `optim`. */
export function ppoSpec(optim: object, hid = 8): object {
  return {
    tiny_ppo: {
      agent: {
        name: 'PPO',
        algorithm: {
          name: 'PPO', action_pdtype: 'default', action_policy: 'default', explore_var_spec: null,
          gamma: 0.99, lam: 0.95, val_loss_coef: 0.5, time_horizon: TIME_HORIZON, minibatch_size: 4, training_epoch: 2,
          clip_eps_spec: { name: 'linear_decay', start_val: 0.3, end_val: 0.1, start_step: 0, end_step: 64 },
          entropy_coef_spec: { name: 'linear_decay', start_val: 0.05, end_val: 0.001, start_step: 0, end_step: 64 },
        },
        memory: { name: 'OnPolicyBatchReplay' },
        net: {
          type: 'MLPNet', shared: false, hid_layers: [hid], hid_layers_activation: 'tanh', clip_grad_val: 0.5,
          use_same_optim: false, loss_spec: { name: 'MSELoss' }, actor_optim_spec: optim, critic_optim_spec: optim,
          lr_scheduler_spec: { name: 'LinearToZero', frame: 200 },
        },
      },
      env: { name: 'cartpole', num_envs: RESUME_ENVS },
      meta: { random_seed: 1 },
    },
  };
}

/** Init options of the PPO spec on cpu. */
export function ppoInit(optim: object, seed: number, hid = 8): TrainerInitOptions {
  return { spec: ppoSpec(optim, hid), obsShape: [4], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 2 }, numEnvs: RESUME_ENVS, seed, backend: 'cpu' };
}

/** A fixed stream of observations, rewards and episode ends, the same for every Trainer fed from it. */
export class Stream {
  private readonly rng: Rng;
  private obs: Float32Array;
  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.obs = this.next();
  }
  private next(): Float32Array {
    return Float32Array.from({ length: RESUME_ENVS * 4 }, () => this.rng.normal());
  }
  /** The current observations and the step that follows them for `actions`. */
  step(actions: Int32Array): StepBatch {
    const observations = this.obs;
    const nextObservations = this.next();
    this.obs = nextObservations;
    return {
      observations,
      actions,
      rewards: Float32Array.from({ length: RESUME_ENVS }, (_, e) => (actions[e] === 1 ? 1 : 0) + this.rng.normal() * 0.1),
      nextObservations,
      terminated: Uint8Array.from({ length: RESUME_ENVS }, () => (this.rng.uniform() < 0.1 ? 1 : 0)),
      truncated: new Uint8Array(RESUME_ENVS),
    };
  }
  get current(): Float32Array {
    return this.obs;
  }
}

/**
 * Plays `steps` steps of `stream` through the Trainers (each acts for itself; all see the same
 * observations), starting after `frame`. Returns the frame reached.
 */
export async function play(trainers: Trainer[], stream: Stream, steps: number, frame: number): Promise<number> {
  for (let k = 0; k < steps; k++) {
    const obs = stream.current;
    const actions = await Promise.all(trainers.map((t) => t.act(obs.slice()) as Promise<Int32Array>));
    // The stream's rewards follow the first Trainer's actions; every Trainer stores its own.
    const step = stream.step(actions[0]!);
    frame += RESUME_ENVS;
    for (let i = 0; i < trainers.length; i++) {
      await trainers[i]!.observe({ ...step, observations: step.observations.slice(), nextObservations: step.nextObservations.slice(), actions: actions[i]! }, frame);
    }
  }
  return frame;
}

/** The weights of a Trainer's policy by name (acting nets only). */
export async function weightsOf(trainer: Trainer): Promise<Map<string, Float32Array>> {
  const bytes = await trainer.exportPolicy({ training: false });
  return (await readPolicyArtifacts(decodePolicyFile(bytes, 'test'), 'test')).weights;
}

/** Bytes of a Float32Array (bit-exact comparisons, NaN and -0 included). */
export const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
