/**
 * The Q-learning family with SLM Lab's semantics (slm_lab/agent/algorithm/dqn.py):
 * - VanillaDQN: the TD target bootstraps from the trained net itself.
 * - DQN: from a target net (same spec), copied at the start and updated every
 *   `update_frequency` frames by `update_type` 'replace' (copy) or 'polyak' (`polyak_coef` of
 *   the trained net blended in).
 * - DoubleDQN: the trained net picks argmax a', the target net evaluates it.
 *
 * Training (in `update`): once `frame >= training_start_step`, every `training_frequency`
 * frames, `training_iter` batches are sampled and each is used for `training_batch_iter`
 * gradient steps; the loss is net.loss_spec between Q(s, a) and the TD target (computed outside
 * the gradient tape), weighted by PrioritizedReplay's importance weights, whose TD errors go back
 * as priorities. A RecurrentNet acts on and stores windows of the last `seq_len` observations
 * (see SequenceWindow).
 */
import { tf } from '../backend/tf';
import type { PrioritizedReplay } from '../memory/prioritized_replay';
import { createMemory } from '../memory/registry';
import type { Replay, ReplayBatch } from '../memory/replay';
import type { MemorySpec } from '../memory/types';
import { inferOutDims } from '../net/heads';
import { buildNet, type Net } from '../net/net';
import type { DqnAlgorithmSpec } from '../spec/types';
import { buildLoss, type LossFn } from '../train/losses';
import { createLrScheduler, type LrScheduler } from '../train/lr_scheduler';
import type { Optimizer } from '../train/optimizers/optimizer';
import { createOptimizer } from '../train/optimizers/registry';
import { copyWeights, polyakUpdate } from '../train/target_update';
import { trainStep, type TrainStepNumbers } from '../train/train_step';
import { ShapeError, SpecError } from '../util/errors';
import type { Rng } from '../util/rng';
import type { ActionBatch, Algorithm, AlgorithmContext, ObsBatch, StepBatch, TrainReport } from './algorithm';
import { selectActions } from './action_policy';
import { observationTensor, uploadReplayBatch, type ReplayTensors } from './dqn_batch';
import { actionValues, tdTargets } from './dqn_target';
import { SequenceWindow } from './sequence_window';
import { planTrainingState, readTrainingState, type AlgorithmTrainingState, type TrainingParts } from './training_state';
import { scheduledValue } from './var_schedule';
import { Dqfd, dqfdExtra } from './dqfd';
import type { Demonstrations } from '../memory/demonstrations';
import { checkDemoFit } from './demo_fit';

/** Whether a multiple of `every` lies in (prev, frame]: "every N frames" with any frame stride. */
const crossed = (prev: number, frame: number, every: number): boolean => Math.floor(frame / every) > Math.floor(prev / every);

/** VanillaDQN; DQN and DoubleDQN extend it with a target net. */
export class VanillaDQN implements Algorithm {
  readonly spec: DqnAlgorithmSpec;
  /** The trained Q-network. */
  readonly net: Net;
  /** Actions (Q-values per state). */
  readonly n: number;
  /** Learning rate scheduler of the net's optimizer (lr_scheduler_spec; a no-op when null). */
  readonly lrScheduler: LrScheduler;
  protected readonly ctx: AlgorithmContext;
  /** The nets by SLM Lab's attribute names ('net', 'target_net'). */
  protected readonly netMap = new Map<string, Net>();
  protected readonly optimizer: Optimizer;
  private readonly lossFn: LossFn;
  private readonly rng: Rng;
  /** Recurrent nets only: the acting windows. */
  private readonly window: SequenceWindow | null;
  /** One stored observation's shape: obsShape, or [seq_len, ...obsShape] for a RecurrentNet. */
  private readonly storedShape: number[];
  private memory: Replay | null = null;
  private frame = 0;
  /** DQfD's demonstrations and loss terms, once given (see dqfd.ts); null: plain Q-learning. */
  private dqfd: Dqfd | null = null;

  constructor(ctx: AlgorithmContext) {
    const algorithm = ctx.agent.algorithm;
    if (algorithm.name !== 'VanillaDQN' && algorithm.name !== 'DQN' && algorithm.name !== 'DoubleDQN') {
      throw new SpecError([{ path: 'agent.algorithm.name', message: `${algorithm.name} is not a Q-learning algorithm` }]);
    }
    const memoryName = ctx.agent.memory.name;
    if (memoryName !== 'Replay' && memoryName !== 'PrioritizedReplay') {
      throw new SpecError([{ path: 'agent.memory.name', message: `${algorithm.name} needs 'Replay' or 'PrioritizedReplay' (got '${memoryName}')` }]);
    }
    this.ctx = ctx;
    this.spec = algorithm;
    this.rng = ctx.rng;
    const plan = inferOutDims(algorithm.name, ctx.actionSpace, ctx.agent.net.shared);
    this.n = plan.nets[0]!.outDims[0]!;
    this.net = this.buildQNet();
    const netSpec = ctx.agent.net;
    this.lossFn = buildLoss(netSpec.loss_spec);
    this.optimizer = createOptimizer(netSpec.optim_spec, this.net.parameters.map((p) => p.variable));
    this.lrScheduler = createLrScheduler(netSpec.lr_scheduler_spec, this.optimizer);
    this.window = this.net.recurrent
      ? new SequenceWindow({ numEnvs: ctx.numEnvs, obsShape: ctx.obsShape, obsDtype: ctx.obsDtype, seqLen: netSpec.seq_len })
      : null;
    this.storedShape = this.window ? [...this.window.windowShape] : [...ctx.obsShape];
    this.netMap.set('net', this.net);
  }

  get nets(): ReadonlyMap<string, Net> {
    return this.netMap;
  }

  /** The exploration variable (epsilon or tau) at the current frame; NaN without explore_var_spec. */
  get exploreVar(): number {
    const s = this.spec.explore_var_spec;
    return s === null ? NaN : scheduledValue(s, this.frame);
  }

  /** Target nets and the net each follows: none here; DQN's 'target_net' follows 'net'. */
  get targetNets(): ReadonlyMap<string, string> {
    return this.netMap.has('target_net') ? new Map([['target_net', 'net']]) : new Map();
  }

  /** Optimizer, lr scheduler and the frame count (explore schedule, training cadence). */
  trainingState(): Promise<AlgorithmTrainingState> {
    return readTrainingState(this.trainingParts());
  }

  planTrainingState(state: AlgorithmTrainingState, where: string): () => void {
    return planTrainingState(this.trainingParts(), state, where, (c) => (this.frame = c['frame']!));
  }

  private trainingParts(): TrainingParts {
    return { optimizers: [this.optimizer], schedulers: [this.lrScheduler], counters: { frame: this.frame } };
  }

  /** The replay memory (created on the first update, once it is known whether envs give masks). */
  get replay(): Replay | null {
    return this.memory;
  }

  async act(observations: ObsBatch, options: { explore: boolean; actionMasks?: Uint8Array | null }): Promise<ActionBatch> {
    let x = observations;
    if (this.window) x = this.window.act(observations);
    const q = tf.tidy(() => this.net.forward(observationTensor(x, this.storedShape))[0]!);
    let values: Float32Array;
    try {
      values = (await q.data()) as Float32Array;
    } finally {
      q.dispose();
    }
    return selectActions(values, this.n, {
      policy: this.spec.action_policy,
      exploreVar: this.exploreVar,
      explore: options.explore,
      defaultMode: this.spec.action_pdtype === 'Categorical' ? 'sample' : 'argmax',
      rng: this.rng,
      mask: options.actionMasks ?? null,
    });
  }

  async update(step: StepBatch, frame: number): Promise<TrainReport | null> {
    // A frame count that went back is a new run counting from 0 (e.g. a second runLoop).
    const prev = frame > this.frame ? this.frame : 0;
    this.frame = frame;
    let obs = step.observations;
    let next = step.nextObservations;
    if (this.window) {
      // The window acted on (matched by value; built now when these observations were not acted on), and its successor.
      obs = this.window.forStep(step.observations);
      next = this.window.withNext(step.nextObservations);
      this.window.endEpisodes(step.terminated, step.truncated);
    }
    this.store(step, obs, next);
    this.afterStep(prev, frame);
    const a = this.spec;
    if (frame < a.training_start_step || !crossed(prev, frame, a.training_frequency) || this.memory!.size === 0) return null;
    return this.trainRound(frame);
  }

  /**
   * Learns from `demos` from now on by DQfD (see dqfd.ts): they join the replay memory as a part
   * that is never overwritten, and every optimizer step adds the n-step, large-margin and L2
   * terms the spec's demo keys weigh. Replaces demonstrations given before. ShapeError when they
   * do not fit the agent's spaces.
   */
  useDemonstrations(demos: Demonstrations): void {
    checkDemoFit(demos, this.ctx, `${this.spec.name}.useDemonstrations`);
    this.dqfd = new Dqfd(
      {
        agent: this.ctx.agent,
        spec: this.spec,
        net: this.net,
        n: this.n,
        storedShape: this.storedShape,
        obsDtype: this.ctx.obsDtype,
        seqLen: this.window ? this.window.seqLen : 0,
        optimizer: this.optimizer,
        lossFn: this.lossFn,
        rng: this.rng,
        nextQ: (x) => this.nextQ(x),
        syncTarget: () => this.pretrainSync(),
      },
      demos,
    );
  }

  /**
   * DQfD's pre-training: `steps` (default the spec's demo_pretrain_steps) optimizer steps on the
   * demonstrations alone, before any agent step. The frame count does not move.
   */
  async pretrainOnDemonstrations(steps: number = this.spec.demo_pretrain_steps): Promise<TrainReport> {
    if (!this.dqfd) throw new ShapeError(`${this.spec.name}.pretrainOnDemonstrations: no demonstrations (call useDemonstrations first)`);
    const numbers = await this.dqfd.pretrain(steps);
    const report = this.report(numbers, this.frame, this.optimizer.lr);
    return { ...report, extra: { ...report.extra, ...dqfdExtra(numbers, (this.ctx.agent.memory as MemorySpec).batch_size ?? 32) } };
  }

  resetEnv(index: number): void {
    this.window?.reset(index);
    this.memory?.resetStream(index);
  }

  /**
   * TD targets of a sampled batch as this algorithm computes them (for inspection and tests):
   * r + gamma * (1 - terminated) * Q'(s', a*).
   */
  async targets(batch: ReplayBatch): Promise<Float32Array> {
    const t = uploadReplayBatch(batch, this.n);
    try {
      const y = this.computeTargets(t);
      try {
        return (await y.data()) as Float32Array;
      } finally {
        y.dispose();
      }
    } finally {
      t.dispose();
    }
  }

  dispose(): void {
    for (const net of this.nets.values()) net.dispose();
    this.optimizer.dispose();
  }

  /** A Q-net of this spec (the target net is a second one). */
  protected buildQNet(): Net {
    return buildNet(this.ctx.agent.net, { inShape: this.ctx.obsShape, outDims: [this.n], rng: this.rng });
  }

  /** Q-values [B, n] of s' used by the target: (select, eval). VanillaDQN: both from the net. */
  protected nextQ(nextObservations: tf.Tensor): { select?: tf.Tensor; eval: tf.Tensor } {
    return { eval: this.net.forward(nextObservations)[0]! };
  }

  /** Called after each stored step (DQN updates its target net here). */
  protected afterStep(_prev: number, _frame: number): void {}

  /** Keeps the target net in step during DQfD's pre-training (DQN: its update rule). */
  protected pretrainSync(): void {}

  private computeTargets(t: ReplayTensors): tf.Tensor1D {
    return tf.tidy(() => {
      const q = this.nextQ(t.nextObservations);
      return tdTargets({
        rewards: t.rewards,
        terminated: t.terminated,
        nextQEval: q.eval,
        ...(q.select ? { nextQSelect: q.select } : {}),
        nextMask: t.nextMask,
        gamma: this.spec.gamma,
      });
    });
  }

  private store(step: StepBatch, obs: ObsBatch, next: ObsBatch): void {
    const e = this.ctx.numEnvs;
    const masked = step.actionMasks != null;
    if (!this.memory) {
      this.memory = createMemory(this.ctx.agent.memory as MemorySpec & { name: 'Replay' | 'PrioritizedReplay' }, {
        obsShape: this.storedShape,
        obsDtype: this.ctx.obsDtype,
        actionSpace: this.ctx.actionSpace,
        // Windows of a recurrent net are stored whole: frames in them do not stack on the last axis.
        frameStack: this.window ? 1 : this.ctx.frameStack,
        numEnvs: e,
        rng: this.rng,
        actionMask: masked,
      });
    }
    const size = obs.length / e;
    const n = this.n;
    const allowAll = new Uint8Array(n).fill(1);
    for (let i = 0; i < e; i++) {
      const row = <T extends ObsBatch>(x: T): T => x.subarray(i * size, (i + 1) * size) as T;
      this.memory.add(
        {
          obs: row(obs),
          action: step.actions[i]!,
          reward: step.rewards[i]!,
          nextObs: row(next),
          terminated: step.terminated[i] === 1,
          truncated: step.truncated[i] === 1,
          ...(masked
            ? {
                actionMask: step.actionMasks!.subarray(i * n, (i + 1) * n),
                nextActionMask: step.nextActionMasks ? step.nextActionMasks.subarray(i * n, (i + 1) * n) : allowAll,
              }
            : {}),
        },
        i,
      );
    }
  }

  /** training_iter batches x training_batch_iter gradient steps, each awaited before the next. */
  private async trainRound(frame: number): Promise<TrainReport> {
    const a = this.spec;
    this.lrScheduler.step(frame);
    const lr = this.optimizer.lr;
    if (this.dqfd) {
      const numbers = await this.dqfd.round(this.memory!, this.memory!.layout.maskSize > 0);
      const report = this.report(numbers, frame, lr);
      return { ...report, extra: { ...report.extra, ...dqfdExtra(numbers, this.memory!.batchSize) } };
    }
    const params = this.net.parameters.map((p) => p.variable);
    const prioritized = this.memory!.name === 'PrioritizedReplay' ? (this.memory as PrioritizedReplay) : null;
    const steps: TrainStepNumbers[] = [];
    for (let it = 0; it < a.training_iter; it++) {
      const batch = this.memory!.sample(this.rng);
      const t = uploadReplayBatch(batch, this.n);
      try {
        for (let k = 0; k < a.training_batch_iter; k++) {
          const target = this.computeTargets(t);
          const kept: { tdError: tf.Tensor | null } = { tdError: null };
          try {
            steps.push(
              await trainStep({
                params,
                optimizer: this.optimizer,
                clipGradVal: this.ctx.agent.net.clip_grad_val,
                loss: () => {
                  const q = this.net.forward(t.observations, { training: true })[0]!;
                  const qa = actionValues(q, t.actions);
                  if (prioritized) kept.tdError = tf.keep(tf.sub(target, qa));
                  return this.lossFn(qa, target, t.weights);
                },
              }),
            );
          } finally {
            target.dispose();
          }
          if (prioritized && kept.tdError) {
            const errors = kept.tdError;
            const values = await errors.data();
            errors.dispose();
            // A non-finite step changed nothing; its errors must not become priorities either.
            if (values.every((v) => Number.isFinite(v))) prioritized.updatePriorities(batch.indices, values);
          }
        }
      } finally {
        t.dispose();
      }
    }
    return this.report(steps, frame, lr);
  }

  private report(steps: TrainStepNumbers[], frame: number, lr: number): TrainReport {
    const applied = steps.filter((s) => !s.skipped);
    const skipped = steps.length - applied.length;
    if (skipped > 0) {
      this.ctx.onEvent?.({
        type: 'non_finite_loss',
        frame,
        message: `${this.spec.name}: ${skipped} of ${steps.length} updates skipped at frame ${frame} (non-finite loss or gradient; weights unchanged)`,
      });
    }
    const loss = applied.length ? applied.reduce((s, x) => s + x.loss, 0) / applied.length : NaN;
    const extra: Record<string, number> = { lr };
    if (this.spec.explore_var_spec) extra['explore_var'] = this.exploreVar;
    return { loss, updates: applied.length, skipped, extra };
  }
}

/** DQN: bootstraps from a target net updated every `update_frequency` frames. */
export class DQN extends VanillaDQN {
  /** The target net ('target_net'), same spec as `net`. */
  readonly targetNet: Net;

  constructor(ctx: AlgorithmContext) {
    super(ctx);
    try {
      this.targetNet = this.buildQNet();
    } catch (error) {
      super.dispose();
      throw error;
    }
    this.syncTarget('replace');
    this.netMap.set('target_net', this.targetNet);
  }

  protected override nextQ(nextObservations: tf.Tensor): { select?: tf.Tensor; eval: tf.Tensor } {
    return { eval: this.targetNet.forward(nextObservations)[0]! };
  }

  protected override afterStep(prev: number, frame: number): void {
    if (crossed(prev, frame, this.ctx.agent.net.update_frequency)) this.syncTarget(this.ctx.agent.net.update_type);
  }

  protected override pretrainSync(): void {
    this.syncTarget(this.ctx.agent.net.update_type);
  }

  /** Copies (replace) or blends (polyak) the trained net's weights and buffers into the target net. */
  private syncTarget(type: 'replace' | 'polyak'): void {
    const vars = (net: Net): tf.Variable[] => [...net.parameters, ...net.buffers].map((p) => p.variable);
    if (type === 'replace') copyWeights(vars(this.net), vars(this.targetNet));
    else polyakUpdate(vars(this.net), vars(this.targetNet), this.ctx.agent.net.polyak_coef);
  }
}

/** DoubleDQN: the trained net chooses a' = argmax Q(s', .), the target net evaluates it. */
export class DoubleDQN extends DQN {
  protected override nextQ(nextObservations: tf.Tensor): { select?: tf.Tensor; eval: tf.Tensor } {
    return { select: this.net.forward(nextObservations)[0]!, eval: this.targetNet.forward(nextObservations)[0]! };
  }
}
