/**
 * Deep Q-learning from Demonstrations (Hester et al. 2018) for the DQN family, used once an
 * algorithm was given demonstrations. The demonstrations are a reserved part of the replay memory
 * (DemoReplay, never overwritten), sampled with the agent's transitions (DqfdSampler), and every
 * optimizer step minimises
 *   J = J_DQ + demo_nstep_coef * J_n + demo_margin_coef * J_E + demo_l2_coef * sum(w^2)
 * J_DQ the algorithm's own 1-step TD loss (net.loss_spec, importance-weighted; DoubleDQN's
 * target for DoubleDQN), J_n the same loss against the n-step target (n = demo_nstep, every row),
 * J_E the large-margin loss (demo_margin, demonstration rows only). Priorities come from the
 * 1-step TD errors, demonstrations with demo_priority_bonus.
 *
 * Pre-training: `demo_pretrain_steps` steps on demonstrations alone, the target net kept in step
 * as during training, counted in optimizer steps: every
 * round(update_frequency * training_iter * training_batch_iter / training_frequency) steps.
 */
import { tf } from '../backend/tf';
import { DemoReplay } from '../memory/demo_replay';
import type { Demonstrations } from '../memory/demonstrations';
import { DqfdSampler, type DqfdBatch } from '../memory/dqfd_batch';
import type { Replay } from '../memory/replay';
import type { Net } from '../net/net';
import type { DqnAlgorithmSpec, ResolvedAgentSpec } from '../spec/types';
import { l2Penalty, largeMarginLoss } from '../train/demo_losses';
import type { LossFn } from '../train/losses';
import type { Optimizer } from '../train/optimizers/optimizer';
import { trainStep, type TrainStepNumbers } from '../train/train_step';
import { ShapeError } from '../util/errors';
import type { Rng } from '../util/rng';
import { maskRows, observationTensor } from './dqn_batch';
import { actionValues, nStepTargets, tdTargets } from './dqn_target';

/** What DQfD needs of the algorithm that uses it. */
export interface DqfdHost {
  agent: ResolvedAgentSpec;
  spec: DqnAlgorithmSpec;
  net: Net;
  n: number;
  /** One stored observation's shape (a window for recurrent nets) and dtype. */
  storedShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  seqLen: number;
  optimizer: Optimizer;
  lossFn: LossFn;
  rng: Rng;
  /** Q-values of s' for the targets (select, eval), as the algorithm's own TD target takes them. */
  nextQ(next: tf.Tensor): { select?: tf.Tensor; eval: tf.Tensor };
  /** Keeps the target net in step during pre-training (absent: VanillaDQN has none). */
  syncTarget?: () => void;
}

/** One step's numbers beside the optimizer's. */
export interface DqfdStepNumbers extends TrainStepNumbers {
  /** [1-step TD, n-step TD, large margin] losses, unweighted. */
  parts: [number, number, number];
  /** Demonstration rows in the batch. */
  demoRows: number;
}

/** A batch on the device; `dispose()` frees it. */
interface DqfdTensors {
  obs: tf.Tensor;
  next: tf.Tensor;
  nObs: tf.Tensor;
  actions: tf.Tensor1D;
  rewards: tf.Tensor1D;
  terminated: tf.Tensor1D;
  nReturns: tf.Tensor1D;
  nDiscounts: tf.Tensor1D;
  isDemo: tf.Tensor1D;
  weights: tf.Tensor1D | undefined;
  nextMask: tf.Tensor | null;
  nMask: tf.Tensor | null;
  dispose(): void;
}

function upload(b: DqfdBatch, n: number): DqfdTensors {
  const shape = b.obsShape;
  const mask = (m: Uint8Array | undefined): tf.Tensor | null => {
    const rows = maskRows(m, n);
    return rows ? tf.tensor2d(rows, [b.batchSize, n], 'float32') : null;
  };
  const t = {
    obs: observationTensor(b.observations, shape),
    next: observationTensor(b.nextObservations, shape),
    nObs: observationTensor(b.nObservations, shape),
    actions: tf.tensor1d(b.actions, 'int32'),
    rewards: tf.tensor1d(b.rewards, 'float32'),
    terminated: tf.tensor1d(b.terminated, 'float32'),
    nReturns: tf.tensor1d(b.nReturns, 'float32'),
    nDiscounts: tf.tensor1d(b.nDiscounts, 'float32'),
    isDemo: tf.tensor1d(b.isDemo, 'float32'),
    weights: b.weights ? tf.tensor1d(b.weights, 'float32') : undefined,
    nextMask: mask(b.nextActionMasks),
    nMask: mask(b.nActionMasks),
  };
  return { ...t, dispose: () => tf.dispose(Object.values(t).filter((x): x is tf.Tensor => x instanceof tf.Tensor)) };
}

/** The demonstrations of a DQN-family agent and its DQfD optimizer steps. */
export class Dqfd {
  readonly demos: DemoReplay;
  private readonly host: DqfdHost;
  private readonly params: tf.Variable[];
  private readonly samplers = new Map<boolean, DqfdSampler>();

  constructor(host: DqfdHost, demonstrations: Demonstrations) {
    if (demonstrations.actionSpace.type !== 'discrete' || demonstrations.actionSpace.n !== host.n) {
      throw new ShapeError(`DQfD: the demonstrations act in ${JSON.stringify(demonstrations.actionSpace)}, the Q-net has ${host.n} discrete actions`);
    }
    this.host = host;
    const m = host.agent.memory as { name: string; alpha?: number; epsilon?: number };
    const prioritized = m.name === 'PrioritizedReplay' ? { alpha: m.alpha!, epsilon: m.epsilon!, bonus: host.spec.demo_priority_bonus } : null;
    this.demos = new DemoReplay(demonstrations, { gamma: host.spec.gamma, nStep: host.spec.demo_nstep, seqLen: host.seqLen, prioritized });
    this.params = host.net.parameters.map((p) => p.variable);
  }

  /** Gradient steps between two target syncs during pre-training (see the file's comment). */
  get pretrainSyncEvery(): number {
    const a = this.host.spec;
    return Math.max(1, Math.round((this.host.agent.net.update_frequency * a.training_iter * a.training_batch_iter) / a.training_frequency));
  }

  /** `steps` optimizer steps on demonstrations alone; the target net synced every pretrainSyncEvery. */
  async pretrain(steps: number): Promise<DqfdStepNumbers[]> {
    const out: DqfdStepNumbers[] = [];
    const every = this.pretrainSyncEvery;
    for (let k = 0; k < steps; k++) {
      const sampler = this.sampler(false);
      const batch = sampler.sample(null, this.host.rng);
      const t = upload(batch, this.host.n);
      try {
        out.push(await this.step(t, batch, sampler, null));
      } finally {
        t.dispose();
      }
      if ((k + 1) % every === 0) this.host.syncTarget?.();
    }
    return out;
  }

  /** One training round's optimizer steps over the agent's memory and the demonstrations. */
  async round(memory: Replay, masked: boolean): Promise<DqfdStepNumbers[]> {
    const a = this.host.spec;
    const out: DqfdStepNumbers[] = [];
    const sampler = this.sampler(masked);
    for (let it = 0; it < a.training_iter; it++) {
      const batch = sampler.sample(memory, this.host.rng);
      const t = upload(batch, this.host.n);
      try {
        for (let k = 0; k < a.training_batch_iter; k++) out.push(await this.step(t, batch, sampler, memory));
      } finally {
        t.dispose();
      }
    }
    return out;
  }

  private sampler(masked: boolean): DqfdSampler {
    let s = this.samplers.get(masked);
    if (!s) {
      const h = this.host;
      const m = h.agent.memory as { name: string; batch_size: number; use_cer?: boolean };
      s = new DqfdSampler(this.demos, {
        batchSize: m.batch_size,
        obsShape: h.storedShape,
        obsDtype: h.obsDtype,
        n: h.n,
        masked,
        nStep: h.spec.demo_nstep,
        gamma: h.spec.gamma,
        prioritized: m.name === 'PrioritizedReplay',
        useCer: m.use_cer ?? false,
      });
      this.samplers.set(masked, s);
    }
    return s;
  }

  /** One optimizer step on an uploaded batch; priorities go back to both memories. */
  private async step(t: DqfdTensors, batch: DqfdBatch, sampler: DqfdSampler, memory: Replay | null): Promise<DqfdStepNumbers> {
    const h = this.host;
    const a = h.spec;
    const { target1, targetN } = tf.tidy(() => {
      const q1 = h.nextQ(t.next);
      const qn = h.nextQ(t.nObs);
      return {
        target1: tdTargets({ rewards: t.rewards, terminated: t.terminated, nextQEval: q1.eval, ...(q1.select ? { nextQSelect: q1.select } : {}), nextMask: t.nextMask, gamma: a.gamma }),
        targetN: nStepTargets({ returns: t.nReturns, discounts: t.nDiscounts, nextQEval: qn.eval, ...(qn.select ? { nextQSelect: qn.select } : {}), nextMask: t.nMask }),
      };
    });
    const kept: { parts: tf.Tensor | null; td: tf.Tensor | null } = { parts: null, td: null };
    let numbers: TrainStepNumbers;
    try {
      numbers = await trainStep({
        params: this.params,
        optimizer: h.optimizer,
        clipGradVal: h.agent.net.clip_grad_val,
        loss: () => {
          const q = h.net.forward(t.obs, { training: true })[0]!;
          const qa = actionValues(q, t.actions);
          const l1 = h.lossFn(qa, target1, t.weights);
          const ln = h.lossFn(qa, targetN, t.weights);
          const lm = largeMarginLoss(q, t.actions, t.isDemo, a.demo_margin);
          kept.parts = tf.keep(tf.stack([l1, ln, lm]));
          if (batch.weights) kept.td = tf.keep(tf.sub(target1, qa));
          const terms = [l1, tf.mul(ln, a.demo_nstep_coef), tf.mul(lm, a.demo_margin_coef)];
          if (a.demo_l2_coef > 0) terms.push(tf.mul(l2Penalty(this.params), a.demo_l2_coef));
          return tf.addN(terms) as tf.Scalar;
        },
      });
    } finally {
      tf.dispose([target1, targetN]);
    }
    const parts = kept.parts as tf.Tensor | null;
    const td = kept.td as tf.Tensor | null;
    const [p, errors] = await Promise.all([parts ? parts.data() : null, td ? td.data() : null]);
    tf.dispose([...(parts ? [parts] : []), ...(td ? [td] : [])]);
    // A non-finite step changed nothing; its errors must not become priorities either.
    if (errors && !numbers.skipped && errors.every((v) => Number.isFinite(v))) sampler.updatePriorities(memory, batch, errors);
    let demoRows = 0;
    for (let i = 0; i < batch.batchSize; i++) demoRows += batch.isDemo[i]!;
    return { ...numbers, parts: p ? [p[0]!, p[1]!, p[2]!] : [NaN, NaN, NaN], demoRows };
  }
}

/** The report's extra numbers of DQfD steps: demo_loss (the large margin), demo_nstep_loss, demo_td_loss, demo_share. */
export function dqfdExtra(steps: readonly DqfdStepNumbers[], batchSize: number): Record<string, number> {
  const applied = steps.filter((s) => !s.skipped);
  if (applied.length === 0) return {};
  const mean = (k: number): number => applied.reduce((s, x) => s + x.parts[k]!, 0) / applied.length;
  return {
    demo_loss: mean(2),
    demo_nstep_loss: mean(1),
    demo_td_loss: mean(0),
    demo_share: applied.reduce((s, x) => s + x.demoRows, 0) / (applied.length * batchSize),
  };
}
