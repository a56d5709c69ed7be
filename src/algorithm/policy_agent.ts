/**
 * What Reinforce, ActorCritic and PPO share: acting from the policy heads (recurrent nets on
 * per-env observation windows), storing steps in the on-policy memory, and turning a stored
 * batch into tensors. Each algorithm adds only its `train` round.
 */
import { tf } from '../backend/tf';
import { createMemory } from '../memory/registry';
import type { OnPolicyBatchReplay } from '../memory/on_policy_batch_replay';
import type { OnPolicyReplay } from '../memory/on_policy_replay';
import type { StepColumns } from '../memory/step_table';
import type { Net } from '../net/net';
import type { ResolvedAgentSpec } from '../spec/types';
import type { TrainStepNumbers } from '../train/train_step';
import { SpecError } from '../util/errors';
import type { ActionBatch, Algorithm, AlgorithmContext, ObsBatch, RoundSchedule, StepBatch, TrainReport } from './algorithm';
import { actionsFromHeads } from './policy_actions';
import { PolicyNets, type PolicyNetsOptions } from './policy_nets';
import { SequenceWindow } from './sequence_window';
import { ActingSnapshots } from './acting_snapshots';
import { planTrainingState, readTrainingState, type AlgorithmTrainingState, type TrainingParts } from './training_state';
import { scheduledValue } from './var_schedule';
import type { Demonstrations } from '../memory/demonstrations';
import type { BcSpec } from '../spec/types';
import { ShapeError } from '../util/errors';
import { checkDemoFit } from './demo_fit';
import { cloningLoss, cloningStrength, PolicyDemos } from './policy_demos';
import type { LossParts } from './policy_nets';

/** The on-policy memories the policy-gradient family trains from. */
export type OnPolicyMemory = OnPolicyReplay | OnPolicyBatchReplay;

/** Rows of a stored batch as tensors (caller disposes). */
export interface BatchTensors {
  /** [B, ...obsShape] (recurrent: [B, seqLen, ...obsShape]). */
  obs: tf.Tensor;
  /** [B] int32, [B, k] int32 or [B, d] float32. */
  actions: tf.Tensor;
  /** [B, n] masks, or null. */
  masks: tf.Tensor | null;
}

const ON_POLICY = new Set(['OnPolicyReplay', 'OnPolicyBatchReplay']);

/** A tensor of observations: uint8 images go in as int32 (the nets scale them). */
export function obsTensor(obs: ObsBatch, shape: number[]): tf.Tensor {
  return obs instanceof Uint8Array ? tf.tensor(Int32Array.from(obs), shape, 'int32') : tf.tensor(obs, shape, 'float32');
}

/** Rows `idx` of a row-major array of rows of `width` values. */
export function gatherRows<T extends Uint8Array | Int32Array | Float32Array>(a: T, idx: ArrayLike<number>, width: number): T {
  const out = new (a.constructor as new (n: number) => T)(idx.length * width);
  for (let k = 0; k < idx.length; k++) out.set(a.subarray(idx[k]! * width, (idx[k]! + 1) * width), k * width);
  return out;
}

/** Base of the policy-gradient algorithms. */
export abstract class PolicyAgent implements Algorithm {
  readonly nets: ReadonlyMap<string, Net>;
  protected readonly ctx: AlgorithmContext;
  protected readonly agent: ResolvedAgentSpec;
  protected readonly policyNets: PolicyNets;
  /** The weights a lagged actor acted with (actorCopied); null without one. */
  protected snapshots: ActingSnapshots | null = null;
  /** One observation as the net sees it: obsShape, or [seqLen, ...obsShape] for recurrent nets. */
  protected readonly inputShape: number[];
  protected readonly inputSize: number;
  private memoryInstance: OnPolicyMemory | null = null;
  private readonly recurrent: boolean;
  /** Acting windows of the training envs, and of a differently sized (evaluation) batch. */
  private window: SequenceWindow | null;
  private otherWindow: SequenceWindow | null = null;
  /** The unclipped samples of the last act() over the training envs. */
  private lastRaw: Float32Array | null = null;
  protected frame = 0;
  /** Behaviour cloning's demonstrations, once given; null: plain RL. */
  private demos: PolicyDemos | null = null;
  /** Cloning losses of the current round's optimizer steps (for the report). */
  private cloningLosses: number[] = [];

  constructor(ctx: AlgorithmContext, options: PolicyNetsOptions = {}) {
    this.ctx = ctx;
    this.agent = ctx.agent;
    if (!ON_POLICY.has(ctx.agent.memory.name)) {
      throw new SpecError([
        { path: 'agent.memory.name', message: `${ctx.agent.algorithm.name} is on-policy: use OnPolicyReplay or OnPolicyBatchReplay (got ${ctx.agent.memory.name})` },
      ]);
    }
    const pd = ctx.agent.algorithm.action_pdtype;
    const want = { discrete: 'Categorical', multi_discrete: 'MultiCategorical', continuous: 'Normal' }[ctx.actionSpace.type];
    if (pd !== 'default' && pd !== want) {
      throw new SpecError([{ path: 'agent.algorithm.action_pdtype', message: `${pd} does not fit a ${ctx.actionSpace.type} action space (use 'default' or '${want}')` }]);
    }
    this.recurrent = ctx.agent.net.type === 'RecurrentNet';
    const seqLen = ctx.agent.net.seq_len;
    this.inputShape = this.recurrent ? [seqLen, ...ctx.obsShape] : [...ctx.obsShape];
    this.inputSize = this.inputShape.reduce((a, b) => a * b, 1);
    this.window = this.recurrent ? this.makeWindow(ctx.numEnvs) : null;
    this.policyNets = new PolicyNets(ctx, [...ctx.obsShape], options);
    this.nets = this.policyNets.nets;
  }

  private makeWindow(numEnvs: number): SequenceWindow {
    return new SequenceWindow({ numEnvs, obsShape: this.ctx.obsShape, obsDtype: this.ctx.obsDtype, seqLen: this.agent.net.seq_len });
  }

  /** The memory, made at the first step (when it is known whether the env gives action masks). */
  protected get memory(): OnPolicyMemory {
    if (!this.memoryInstance) throw new Error('pixelpilot internal error: memory used before the first update');
    return this.memoryInstance;
  }

  async act(observations: ObsBatch, options: { explore: boolean; actionMasks?: Uint8Array | null }): Promise<ActionBatch> {
    const obsSize = this.inputSize / (this.recurrent ? this.agent.net.seq_len : 1);
    const rows = observations.length / obsSize;
    const training = rows === this.ctx.numEnvs;
    let input = observations;
    if (this.recurrent) {
      if (!training && this.otherWindow?.numEnvs !== rows) this.otherWindow = this.makeWindow(rows);
      input = training ? this.window!.act(observations) : this.otherWindow!.push(observations);
    }
    const heads = tf.tidy(() => {
      const x = obsTensor(input, [rows, ...this.inputShape]);
      return this.policyNets.forward(x, false).policy;
    });
    let data: Float32Array[];
    try {
      data = (await Promise.all(heads.map((h) => h.data()))) as Float32Array[];
    } finally {
      tf.dispose(heads);
    }
    const a = this.agent.algorithm;
    const { actions, raw } = actionsFromHeads(this.ctx.actionSpace, data, rows, {
      explore: options.explore,
      policy: a.action_policy,
      exploreVar: a.explore_var_spec ? scheduledValue(a.explore_var_spec, this.frame) : 0,
      rng: this.ctx.rng,
      mask: options.actionMasks,
    });
    if (training) this.lastRaw = raw;
    return actions;
  }

  async update(step: StepBatch, frame: number): Promise<TrainReport | null> {
    this.frame = frame;
    const n = this.ctx.numEnvs;
    let obs = step.observations;
    let next = step.nextObservations;
    if (this.recurrent) {
      // The windows act() fed the net (matched by value, see SequenceWindow.forStep); the next windows append the (final) next observation.
      obs = this.window!.forStep(step.observations);
      next = this.window!.withNext(step.nextObservations);
      this.window!.endEpisodes(step.terminated, step.truncated);
    }
    const actions = this.storedActions(step.actions);
    const memory = this.ensureMemory(step.actionMasks != null);
    const width = actions.length / n;
    const maskWidth = step.actionMasks ? step.actionMasks.length / n : 0;
    for (let e = 0; e < n; e++) {
      const row = (a: ObsBatch, size: number): ObsBatch => a.subarray(e * size, (e + 1) * size);
      memory.add(
        {
          obs: row(obs, this.inputSize),
          action: actions.subarray(e * width, (e + 1) * width),
          reward: step.rewards[e]!,
          nextObs: row(next, this.inputSize),
          terminated: step.terminated[e] === 1,
          truncated: step.truncated[e] === 1,
          ...(step.actionMasks ? { actionMask: step.actionMasks.subarray(e * maskWidth, (e + 1) * maskWidth) } : {}),
          ...(step.actionMasks ? { nextActionMask: (step.nextActionMasks ?? step.actionMasks).subarray(e * maskWidth, (e + 1) * maskWidth) } : {}),
        },
        e,
      );
    }
    this.lastRaw = null;
    if (!memory.isReady) return null;
    return this.train(frame);
  }

  /**
   * See Algorithm.roundSchedule: a rollout (OnPolicyBatchReplay) of a feedforward net with
   * discrete actions. A recurrent net's stored windows are the ones act() fed, and continuous
   * actions are stored unclipped as act() drew them: those need acting where training is.
   */
  roundSchedule(): RoundSchedule | null {
    const memory = this.agent.memory as { name: string; training_frequency?: number };
    if (this.recurrent || this.ctx.actionSpace.type === 'continuous' || memory.name !== 'OnPolicyBatchReplay') return null;
    const made = this.memoryInstance as OnPolicyBatchReplay | null;
    const every = made?.trainingFrequency ?? memory.training_frequency ?? this.agent.algorithm.training_frequency;
    return { next: every - (made?.held ?? 0), every };
  }

  /** Continuous actions: the unclipped samples act() drew, when `given` is their clipped form. */
  private storedActions(given: ActionBatch): ActionBatch {
    const raw = this.lastRaw;
    const space = this.ctx.actionSpace;
    if (!raw || space.type !== 'continuous' || raw.length !== given.length) return given;
    for (let i = 0; i < raw.length; i++) {
      if (Math.min(Math.max(raw[i]!, space.low), space.high) !== given[i]) return given;
    }
    return raw;
  }

  private ensureMemory(masks: boolean): OnPolicyMemory {
    if (!this.memoryInstance) {
      this.memoryInstance = createMemory(this.agent.memory as { name: 'OnPolicyReplay' | 'OnPolicyBatchReplay' }, {
        obsShape: this.inputShape,
        obsDtype: this.ctx.obsDtype,
        actionSpace: this.ctx.actionSpace,
        frameStack: this.recurrent ? 1 : this.ctx.frameStack,
        numEnvs: this.ctx.numEnvs,
        rng: this.ctx.rng,
        actionMask: masks,
        trainingFrequency: this.agent.algorithm.training_frequency,
      }) as OnPolicyMemory;
    }
    return this.memoryInstance;
  }

  /** One training round on the memory's batch (the memory is ready). */
  protected abstract train(frame: number): Promise<TrainReport>;

  /** Rows `idx` (all rows when null) of a stored batch as tensors. */
  protected batchTensors(cols: StepColumns, idx: ArrayLike<number> | null, next = false): BatchTensors {
    const rows = idx ? idx.length : cols.rewards.length;
    const total = cols.rewards.length;
    const obsAll = next ? cols.nextObservations : cols.observations;
    const aWidth = cols.actions.length / total;
    const pick = <T extends Uint8Array | Int32Array | Float32Array>(a: T, w: number): T => (idx ? gatherRows(a, idx, w) : a);
    const obs = obsTensor(pick(obsAll, this.inputSize), [rows, ...this.inputShape]);
    const acts = pick(cols.actions, aWidth);
    const space = this.ctx.actionSpace;
    const actShape = space.type === 'discrete' ? [rows] : [rows, aWidth];
    const actions = tf.tensor(acts, actShape, space.type === 'continuous' ? 'float32' : 'int32');
    let masks: tf.Tensor | null = null;
    if (cols.actionMasks) {
      const mw = cols.actionMasks.length / total;
      masks = tf.tensor(Int32Array.from(pick(cols.actionMasks, mw)), [rows, mw], 'int32');
    }
    return { obs, actions, masks };
  }

  /**
   * Learns from `demos` from now on by behaviour cloning (see policy_demos.ts): every optimizer
   * step that trains the policy adds bc_strength (decaying over bc_steps) times the cloning loss
   * on a minibatch of bc_batch_size demonstrations. Replaces demonstrations given before.
   * ShapeError when they do not fit the agent's spaces.
   */
  useDemonstrations(demos: Demonstrations): void {
    checkDemoFit(demos, this.ctx, `${this.agent.algorithm.name}.useDemonstrations`);
    this.demos = new PolicyDemos(demos, this.ctx.actionSpace, this.recurrent ? this.agent.net.seq_len : 0, this.agent.algorithm.gamma);
  }

  /**
   * Behaviour-cloning pre-training: `steps` (default the spec's demo_pretrain_steps) optimizer
   * steps on minibatches of demonstrations: the cloning loss, and with a critic val_loss_coef
   * times the value loss against the demonstrations' discounted returns. The frame count does
   * not move. Reports the mean loss and extra.demo_loss (the cloning loss).
   */
  async pretrainOnDemonstrations(steps: number = this.bcSpec.demo_pretrain_steps): Promise<TrainReport> {
    const demos = this.demos;
    if (!demos) throw new ShapeError(`${this.agent.algorithm.name}.pretrainOnDemonstrations: no demonstrations (call useDemonstrations first)`);
    const valCoef = (this.agent.algorithm as { val_loss_coef?: number }).val_loss_coef ?? 1;
    const numbers: TrainStepNumbers[] = [];
    const cloning: number[] = [];
    for (let k = 0; k < steps; k++) {
      const b = demos.batch(this.bcSpec.bc_batch_size, this.ctx.rng);
      const kept: { ce: tf.Tensor | null } = { ce: null };
      try {
        numbers.push(
          ...(await this.policyNets.train(b.obs, {
            policy: (heads) => {
              const ce = cloningLoss(this.ctx.actionSpace, heads, b.actions);
              kept.ce?.dispose();
              kept.ce = tf.keep(tf.clone(ce));
              return ce;
            },
            value: (v) => tf.mul(this.policyNets.valueLoss(v, b.returns), valCoef) as tf.Scalar,
          })),
        );
        if (kept.ce) cloning.push((await kept.ce.data())[0]!);
      } finally {
        tf.dispose([b.obs, b.actions, b.returns, ...(kept.ce ? [kept.ce] : [])]);
      }
    }
    const applied = numbers.filter((x) => !x.skipped);
    const loss = applied.length ? applied.reduce((s, x) => s + x.loss, 0) / applied.length : NaN;
    const extra: Record<string, number> = { lr: this.policyNets.lr };
    if (cloning.length) extra['demo_loss'] = cloning.reduce((s, x) => s + x, 0) / cloning.length;
    return { loss, updates: applied.length, skipped: numbers.length - applied.length, extra };
  }

  /** The algorithm's behaviour-cloning keys. */
  private get bcSpec(): BcSpec {
    return this.agent.algorithm as unknown as BcSpec;
  }

  /**
   * One `policyNets.train` on the RL loss `parts`, plus, with demonstrations and a strength above
   * 0 at `frame`, the weighted cloning loss on a fresh minibatch of them. Without
   * demonstrations it is exactly `policyNets.train(x, parts)`.
   */
  protected async trainWithCloning(x: tf.Tensor, parts: LossParts, frame: number): Promise<TrainStepNumbers[]> {
    const strength = this.demos ? cloningStrength(this.bcSpec, frame) : 0;
    if (!this.demos || strength <= 0) return this.policyNets.train(x, parts);
    const b = this.demos.batch(this.bcSpec.bc_batch_size, this.ctx.rng);
    const kept: { ce: tf.Tensor | null } = { ce: null };
    try {
      const out = await this.policyNets.train(x, {
        ...parts,
        extra: () => {
          const ce = cloningLoss(this.ctx.actionSpace, this.policyNets.forward(b.obs, false, true).policy, b.actions);
          kept.ce?.dispose();
          kept.ce = tf.keep(tf.clone(ce));
          return tf.mul(ce, strength) as tf.Scalar;
        },
      });
      if (kept.ce) this.cloningLosses.push((await kept.ce.data())[0]!);
      return out;
    } finally {
      tf.dispose([b.obs, b.actions, b.returns, ...(kept.ce ? [kept.ce] : [])]);
    }
  }

  /** V(s') of the stored next observations of `rows`, read back. */
  protected async nextObservationValues(cols: StepColumns, rows: readonly number[]): Promise<Float32Array> {
    const v = tf.tidy(() => {
      const obs = obsTensor(gatherRows(cols.nextObservations, rows, this.inputSize), [rows.length, ...this.inputShape]);
      return this.policyNets.forward(obs, true).value!;
    });
    try {
      return Float32Array.from(await v.data());
    } finally {
      v.dispose();
    }
  }

  /** The entropy coefficient now (0 without entropy_coef_spec). */
  protected entropyCoef(frame: number): number {
    const spec = (this.agent.algorithm as { entropy_coef_spec?: Parameters<typeof scheduledValue>[0] | null }).entropy_coef_spec;
    return spec ? scheduledValue(spec, frame) : 0;
  }

  /**
   * Emits non_finite_loss for a round's skipped train steps, steps the lr schedulers, and builds
   * the report.
   */
  protected finishRound(numbers: TrainStepNumbers[], frame: number, extra: Record<string, number>): TrainReport {
    const applied = numbers.filter((x) => !x.skipped);
    const skipped = numbers.length - applied.length;
    if (skipped > 0) {
      this.ctx.onEvent?.({
        type: 'non_finite_loss',
        frame,
        message: `${this.agent.algorithm.name}: ${skipped} of ${numbers.length} optimizer steps skipped (non-finite loss or gradient); weights unchanged by them`,
      });
    }
    const lr = this.policyNets.lr;
    this.policyNets.stepLr(frame);
    const loss = applied.length ? applied.reduce((s, x) => s + x.loss, 0) / applied.length : NaN;
    if (!this.demos) return { loss, updates: applied.length, skipped, extra: { lr, ...extra } };
    const cloning: Record<string, number> = { bc_strength: cloningStrength(this.bcSpec, frame) };
    if (this.cloningLosses.length) cloning['demo_loss'] = this.cloningLosses.reduce((s, x) => s + x, 0) / this.cloningLosses.length;
    this.cloningLosses = [];
    return { loss, updates: applied.length, skipped, extra: { lr, ...extra, ...cloning } };
  }

  /** Optimizers, lr schedulers and the frame count (explore, entropy and clip schedules read it). */
  trainingState(): Promise<AlgorithmTrainingState> {
    return readTrainingState(this.trainingParts());
  }

  planTrainingState(state: AlgorithmTrainingState, where: string): () => void {
    return planTrainingState(this.trainingParts(), state, where, (c) => (this.frame = c['frame']!));
  }

  private trainingParts(): TrainingParts {
    return { optimizers: this.policyNets.optimizers, schedulers: this.policyNets.schedulers, counters: { frame: this.frame } };
  }

  resetEnv(index: number): void {
    if (this.window && index < this.window.numEnvs) this.window.reset(index);
    if (this.otherWindow && index < this.otherWindow.numEnvs) this.otherWindow.reset(index);
  }

  /** See Algorithm.actorCopied: kept while training comes in rounds a lagged actor can act for. */
  actorCopied(first: boolean): void {
    if (this.roundSchedule() === null) return;
    this.snapshots ??= new ActingSnapshots(this.policyNets.nets.get('net')!);
    this.snapshots.copied(first);
  }

  dispose(): void {
    this.snapshots?.dispose();
    this.policyNets.dispose();
  }
}
