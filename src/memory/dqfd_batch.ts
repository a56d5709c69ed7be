/**
 * DQfD's batches: rows drawn from the agent's replay memory and the demonstrations (DemoReplay)
 * together, as one memory of both:
 * - Replay: uniformly over the union of the agent's sampleable transitions and the demonstrations;
 * - PrioritizedReplay: proportionally to priority over the union (stratified, as the agent's own
 *   sampling), demonstrations with their bonus; importance weights (p_i / min_j p_j)^-beta over the
 *   union, beta the agent memory's.
 * With `use_cer` the agent's newest transition is the last row, as in Replay.sample. Before the
 * first agent step (pre-training) every row is a demonstration. Each row also carries its n-step
 * return (n = demo_nstep) and the observation it bootstraps from.
 */
import type { Rng } from '../util/rng';
import { MemoryError } from '../util/errors';
import type { DemoReplay } from './demo_replay';
import type { PrioritizedReplay } from './prioritized_replay';
import type { Replay } from './replay';
import type { ObsArray, ObsDtype } from './types';

/** One DQfD batch, batch-major; the sampler's own buffers, valid until its next `sample`. */
export interface DqfdBatch {
  readonly obsShape: readonly number[];
  readonly batchSize: number;
  readonly observations: ObsArray;
  readonly nextObservations: ObsArray;
  /** The observations the n-step returns bootstrap from. */
  readonly nObservations: ObsArray;
  /** [B] int32 (Q-learning: discrete actions). */
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Float32Array;
  readonly truncated: Float32Array;
  readonly nReturns: Float32Array;
  /** gamma^k, 0 where the episode terminated within n steps. */
  readonly nDiscounts: Float32Array;
  /** 1 on demonstration rows. */
  readonly isDemo: Float32Array;
  /** Importance-sampling weights (PrioritizedReplay), else undefined. */
  readonly weights?: Float32Array;
  /** Masks `[B, n]` of the next and the n-step observations when the agent's memory stores masks (demonstrations: all allowed). */
  readonly actionMasks?: Uint8Array;
  readonly nextActionMasks?: Uint8Array;
  readonly nActionMasks?: Uint8Array;
  /** Per row: the agent memory's slot, or -1 on a demonstration row. */
  readonly agentSlots: Int32Array;
  /** Per row: the demonstration's step, or -1 on an agent row. */
  readonly demoSteps: Int32Array;
}

/** What a sampler is built with. */
export interface DqfdSamplerOptions {
  batchSize: number;
  /** One stored observation's shape (a window for recurrent nets) and dtype. */
  obsShape: readonly number[];
  obsDtype: ObsDtype;
  /** Actions (the masks' width). */
  n: number;
  /** Whether the agent's memory stores action masks. */
  masked: boolean;
  nStep: number;
  gamma: number;
  /** PrioritizedReplay: importance weights and priorities over both memories. */
  prioritized: boolean;
  /** Replay's use_cer. */
  useCer: boolean;
}

/** Draws DQfD batches from an agent memory and a DemoReplay. */
export class DqfdSampler {
  private readonly o: DqfdSamplerOptions;
  private readonly batch: DqfdBatch;
  private readonly obsSize: number;

  constructor(private readonly demos: DemoReplay, o: DqfdSamplerOptions) {
    this.o = o;
    const b = o.batchSize;
    const size = o.obsShape.reduce((x, y) => x * y, 1);
    this.obsSize = size;
    const obs = (): ObsArray => (o.obsDtype === 'uint8' ? new Uint8Array(b * size) : new Float32Array(b * size));
    const masks = (): Uint8Array => new Uint8Array(b * o.n);
    this.batch = {
      obsShape: [...o.obsShape],
      batchSize: b,
      observations: obs(),
      nextObservations: obs(),
      nObservations: obs(),
      actions: new Int32Array(b),
      rewards: new Float32Array(b),
      terminated: new Float32Array(b),
      truncated: new Float32Array(b),
      nReturns: new Float32Array(b),
      nDiscounts: new Float32Array(b),
      isDemo: new Float32Array(b),
      ...(o.prioritized ? { weights: new Float32Array(b) } : {}),
      ...(o.masked ? { actionMasks: masks(), nextActionMasks: masks(), nActionMasks: masks() } : {}),
      agentSlots: new Int32Array(b),
      demoSteps: new Int32Array(b),
    };
  }

  /** A batch over `agent` (null or empty: demonstrations only) and the demonstrations. */
  sample(agent: Replay | null, rng: Rng): DqfdBatch {
    const b = this.batch;
    const mem = agent !== null && agent.size > 0 ? agent : null;
    if (this.o.prioritized) this.drawPrioritized(mem as PrioritizedReplay | null, rng);
    else this.drawUniform(mem, rng);
    if (mem && this.o.useCer && mem.newestSlot >= 0) {
      b.agentSlots[b.batchSize - 1] = mem.newestSlot;
      b.demoSteps[b.batchSize - 1] = -1;
    }
    if (b.weights) this.weigh(mem as PrioritizedReplay | null);
    for (let i = 0; i < b.batchSize; i++) {
      if (b.agentSlots[i]! >= 0) this.fillAgent(mem!, b.agentSlots[i]!, i);
      else this.fillDemo(b.demoSteps[i]!, i);
    }
    return b;
  }

  /** Sends the rows' TD errors back as priorities (PrioritizedReplay): agent rows to the agent's memory, demonstrations to theirs. */
  updatePriorities(agent: Replay | null, batch: DqfdBatch, tdErrors: ArrayLike<number>): void {
    if (!this.o.prioritized) return;
    const agentIdx: number[] = [];
    const agentTd: number[] = [];
    const demoIdx: number[] = [];
    const demoTd: number[] = [];
    for (let i = 0; i < batch.batchSize; i++) {
      if (batch.agentSlots[i]! >= 0) {
        agentIdx.push(batch.agentSlots[i]!);
        agentTd.push(tdErrors[i]!);
      } else {
        demoIdx.push(batch.demoSteps[i]!);
        demoTd.push(tdErrors[i]!);
      }
    }
    if (agentIdx.length > 0) (agent as PrioritizedReplay).updatePriorities(agentIdx, agentTd);
    if (demoIdx.length > 0) this.demos.updatePriorities(demoIdx, demoTd);
  }

  private drawUniform(mem: Replay | null, rng: Rng): void {
    const b = this.batch;
    const na = mem ? mem.size : 0;
    const total = na + this.demos.size;
    for (let i = 0; i < b.batchSize; i++) {
      const j = rng.int(total);
      b.agentSlots[i] = j < na ? mem!.slotAt(j) : -1;
      b.demoSteps[i] = j < na ? -1 : j - na;
    }
  }

  private drawPrioritized(mem: PrioritizedReplay | null, rng: Rng): void {
    const b = this.batch;
    const pa = mem ? mem.totalPriority : 0;
    const pd = this.demos.totalPriority;
    if (!(pa + pd > 0)) throw new MemoryError('DQfD: no priority mass to sample from');
    const segment = (pa + pd) / b.batchSize;
    for (let i = 0; i < b.batchSize; i++) {
      const u = (i + rng.uniform()) * segment;
      if (mem && u < pa) {
        b.agentSlots[i] = mem.findSlot(u);
        b.demoSteps[i] = -1;
      } else {
        b.agentSlots[i] = -1;
        b.demoSteps[i] = this.demos.find(Math.min(Math.max(0, u - pa), pd));
      }
    }
  }

  /** Importance weights over the union: (p_i / p_min)^-beta. */
  private weigh(mem: PrioritizedReplay | null): void {
    const b = this.batch;
    const beta = mem ? mem.beta : 1;
    const pMin = Math.min(mem ? mem.minPriority : Infinity, this.demos.minPriority);
    for (let i = 0; i < b.batchSize; i++) {
      const p = b.agentSlots[i]! >= 0 ? mem!.priority(b.agentSlots[i]!) : this.demos.priority(b.demoSteps[i]!);
      b.weights![i] = Math.pow(p / pMin, -beta);
    }
  }

  private fillAgent(mem: Replay, slot: number, i: number): void {
    const b = this.batch;
    const n = this.o.n;
    mem.copyTransition(slot, b, i);
    const r = mem.nStep(slot, this.o.nStep, this.o.gamma);
    b.nReturns[i] = r.ret;
    b.nDiscounts[i] = r.discount;
    mem.writeRecordObs(r.record, b.nObservations, i * this.obsSize);
    if (b.nActionMasks) mem.writeRecordMask(r.record, b.nActionMasks, i * n);
    b.isDemo[i] = 0;
  }

  private fillDemo(step: number, i: number): void {
    const b = this.batch;
    const t = this.demos.table;
    const size = this.obsSize;
    this.demos.writeRow(t.obsRow[step]!, b.observations, i * size);
    this.demos.writeRow(t.nextRow[step]!, b.nextObservations, i * size);
    this.demos.writeRow(this.demos.nStep.rows[step]!, b.nObservations, i * size);
    b.actions[i] = t.actions[step]!;
    b.rewards[i] = t.rewards[step]!;
    b.terminated[i] = t.terminated[step]!;
    b.truncated[i] = t.truncated[step]!;
    b.nReturns[i] = this.demos.nStep.returns[step]!;
    b.nDiscounts[i] = this.demos.nStep.discounts[step]!;
    b.isDemo[i] = 1;
    const n = this.o.n;
    for (const m of [b.actionMasks, b.nextActionMasks, b.nActionMasks]) m?.fill(1, i * n, (i + 1) * n);
  }
}
