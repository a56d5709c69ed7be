/**
 * The nets of the policy-gradient family and how they train (SLM Lab's actor_critic.init_nets):
 * - Reinforce: one policy net ('net').
 * - ActorCritic / PPO with `net.shared`: one net with the policy heads and a value head, one
 *   optimizer over it, loss = policy loss + value loss.
 * - separate nets: 'net' (policy heads) and 'critic_net' (value head, same net spec), each with
 *   its own optimizer (actor_optim_spec / critic_optim_spec), or one optimizer over both when
 *   `use_same_optim` (the critic then follows the actor's optimizer spec; each loss reaches only
 *   its own net's weights, so this differs from two optimizers only in the shared grad clip).
 * The head layout comes from inferOutDims.
 */
import { tf } from '../backend/tf';
import { headName, inferOutDims, type HeadRole } from '../net/heads';
import { buildNet, type Net } from '../net/net';
import type { OptimSpec, ResolvedAgentSpec } from '../spec/types';
import { buildLoss, type LossFn } from '../train/losses';
import { createLrScheduler, type LrScheduler } from '../train/lr_scheduler';
import type { Optimizer } from '../train/optimizers/optimizer';
import { createOptimizer } from '../train/optimizers/registry';
import { trainStep, type TrainStepNumbers } from '../train/train_step';
import type { AlgorithmContext } from './algorithm';

/**
 * tf.tidy for results that hold tensors inside records tfjs' TensorContainer type does not
 * describe (interfaces, nulls): tidy keeps every tensor it finds in the returned structure.
 */
export function tidyKeep<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

/** Outputs of the policy (and, with a critic, value) forward pass over a batch of B states. */
export interface PolicyOutputs {
  /** The policy heads in inferOutDims' order ([B, n] logits, or [B, d] mean and log-std). */
  policy: tf.Tensor[];
  /** V(s) [B], or null for a policy-only net (Reinforce) or when not asked for. */
  value: tf.Tensor1D | null;
}

/** The loss of one optimizer step, split so that separate nets can train apart. */
export interface LossParts {
  /** Policy loss from the policy heads (already weighted, entropy bonus included). */
  policy: (heads: tf.Tensor[]) => tf.Scalar;
  /** Value loss from V(s) [B] (already weighted); absent for Reinforce. */
  value?: (value: tf.Tensor1D) => tf.Scalar;
  /**
   * A further term of the policy's step, built under the same gradient tape (behaviour cloning:
   * its own forward pass over demonstrations); absent: none.
   */
  extra?: () => tf.Scalar;
}

/** Options of PolicyNets beyond the context. */
export interface PolicyNetsOptions {
  /**
   * Env frames per LinearToZero scheduler epoch when `stepLr()` is called once per training
   * round instead of with the frame (PPO). Default: schedulers step by frame.
   */
  lrStepsPerSchedule?: number;
}

interface OptimGroup {
  optimizer: Optimizer;
  scheduler: LrScheduler;
  params: tf.Variable[];
  clip: number | null;
  /** Which loss parts this group's step includes. */
  parts: { policy: boolean; value: boolean };
}

/** The policy/critic nets of a Reinforce, ActorCritic or PPO agent, with their optimizers. */
export class PolicyNets {
  readonly nets: ReadonlyMap<string, Net>;
  readonly roles: HeadRole[];
  readonly shared: boolean;
  readonly hasCritic: boolean;
  /** Number of policy heads (before a shared net's value head). */
  readonly policyHeads: number;
  /** The value loss net.loss_spec names (MSELoss by default). */
  readonly valueLoss: LossFn;
  private readonly net: Net;
  private readonly critic: Net | null;
  private readonly groups: OptimGroup[];
  private readonly frameSteps: boolean;

  constructor(ctx: AlgorithmContext, inShape: number[], options: PolicyNetsOptions = {}) {
    const agent: ResolvedAgentSpec = ctx.agent;
    const spec = agent.net;
    const plan = inferOutDims(agent.algorithm.name, ctx.actionSpace, spec.shared);
    this.hasCritic = plan.nets.some((p) => p.roles.includes('value'));
    this.shared = this.hasCritic && plan.nets.length === 1;
    const netPlan = plan.nets[0]!;
    this.roles = netPlan.roles;
    this.policyHeads = netPlan.roles.filter((r) => r !== 'value').length;
    this.valueLoss = buildLoss(spec.loss_spec);
    this.frameSteps = options.lrStepsPerSchedule === undefined;
    const made: Net[] = [];
    try {
      this.net = buildNet(spec, { inShape, outDims: netPlan.outDims, rng: ctx.rng });
      made.push(this.net);
      if (spec.policy_head_init_scale !== null) scalePolicyHeads(this.net, netPlan.roles, spec.policy_head_init_scale);
      const criticPlan = plan.nets[1];
      this.critic = criticPlan ? buildNet(spec, { inShape, outDims: criticPlan.outDims, rng: ctx.rng }) : null;
      if (this.critic) made.push(this.critic);
      this.groups = this.makeGroups(agent, options);
    } catch (error) {
      for (const n of made) n.dispose();
      throw error;
    }
    this.nets = new Map(this.critic ? [['net', this.net], ['critic_net', this.critic]] : [['net', this.net]]);
  }

  private makeGroups(agent: ResolvedAgentSpec, options: PolicyNetsOptions): OptimGroup[] {
    const spec = agent.net;
    const vars = (n: Net): tf.Variable[] => n.parameters.map((p) => p.variable);
    const group = (optim: OptimSpec, params: tf.Variable[], parts: OptimGroup['parts']): OptimGroup => {
      const optimizer = createOptimizer(optim, params);
      const scheduler = createLrScheduler(spec.lr_scheduler_spec, optimizer, { stepsPerSchedule: options.lrStepsPerSchedule });
      return { optimizer, scheduler, params, clip: spec.clip_grad_val, parts };
    };
    if (!this.critic) return [group(spec.optim_spec, vars(this.net), { policy: true, value: this.shared })];
    const actorOptim = spec.actor_optim_spec ?? spec.optim_spec;
    if (spec.use_same_optim) {
      return [group(actorOptim, [...vars(this.net), ...vars(this.critic)], { policy: true, value: true })];
    }
    const criticOptim = spec.critic_optim_spec ?? spec.optim_spec;
    return [
      group(actorOptim, vars(this.net), { policy: true, value: false }),
      group(criticOptim, vars(this.critic), { policy: false, value: true }),
    ];
  }

  /** The optimizers (actor's first), e.g. for reading their learning rates. */
  get optimizers(): Optimizer[] {
    return this.groups.map((g) => g.optimizer);
  }

  /** The lr schedulers, one per optimizer, same order. */
  get schedulers(): LrScheduler[] {
    return this.groups.map((g) => g.scheduler);
  }

  /**
   * Forward pass over x ([B, ...inShape], recurrent [B, T, ...inShape]). `withValue` also
   * computes V(s) (a second net's forward for separate nets). Caller disposes the outputs.
   */
  forward(x: tf.Tensor, withValue: boolean, training = false): PolicyOutputs {
    return tidyKeep(() => {
      const out = this.net.forward(x, { training });
      const policy = out.slice(0, this.policyHeads);
      let value: tf.Tensor1D | null = null;
      if (withValue && this.hasCritic) {
        const v = this.shared ? out[this.policyHeads]! : this.critic!.forward(x, { training })[0]!;
        value = tf.reshape(v, [-1]) as tf.Tensor1D;
      }
      return { policy, value };
    });
  }

  /**
   * One optimizer step per optimizer on the given loss parts, in order, each awaited before the
   * next is built.
   * A shared net (or one optimizer over both nets) minimises policy + value loss in one step.
   * `x` and the tensors the loss parts use must stay alive until the promise resolves.
   */
  async train(x: tf.Tensor, loss: LossParts): Promise<TrainStepNumbers[]> {
    const results: TrainStepNumbers[] = [];
    for (const g of this.groups) {
      results.push(
        await trainStep({
          params: g.params,
          optimizer: g.optimizer,
          clipGradVal: g.clip,
          loss: () =>
            tf.tidy(() => {
              const terms: tf.Scalar[] = [];
              if (!g.parts.policy) {
                // The critic's own step: the actor's forward pass is not needed.
                const v = tf.reshape(this.critic!.forward(x, { training: true })[0]!, [-1]) as tf.Tensor1D;
                return loss.value ? loss.value(v) : tf.scalar(0);
              }
              const out = this.forward(x, g.parts.value && loss.value !== undefined, true);
              if (g.parts.policy) terms.push(loss.policy(out.policy));
              if (loss.extra) terms.push(loss.extra());
              if (g.parts.value && loss.value && out.value) terms.push(loss.value(out.value));
              return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
            }),
        }),
      );
    }
    return results;
  }

  /**
   * Advances the lr schedulers: to `frame` (schedulers that count frames), or by one epoch when
   * the nets were built with `lrStepsPerSchedule`.
   */
  stepLr(frame: number): void {
    for (const g of this.groups) {
      if (this.frameSteps) g.scheduler.step(frame);
      else g.scheduler.step();
    }
  }

  /** The actor's learning rate now. */
  get lr(): number {
    return this.groups[0]!.optimizer.lr;
  }

  dispose(): void {
    for (const g of this.groups) g.optimizer.dispose();
    this.net.dispose();
    this.critic?.dispose();
  }
}

/**
 * Multiplies the initial weights and biases of `net`'s policy heads (every role but 'value') by
 * `scale` (net.policy_head_init_scale), so that the first policy's logits are that much smaller.
 */
export function scalePolicyHeads(net: Net, roles: readonly HeadRole[], scale: number): void {
  const heads = roles.flatMap((role, i) => (role === 'value' ? [] : [`${headName(i, roles.length)}.`]));
  let found = 0;
  for (const p of net.parameters) {
    if (!heads.some((h) => p.name.startsWith(h))) continue;
    const scaled = tf.mul(p.variable, scale);
    p.variable.assign(scaled);
    scaled.dispose();
    found++;
  }
  if (found === 0 && heads.length > 0) throw new Error(`pixelpilot internal error: no parameter of the policy heads ${heads.join(', ')} found to scale`);
}
