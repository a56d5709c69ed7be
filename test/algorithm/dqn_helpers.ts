/**
 * Helpers of the Q-learning tests: small specs, contexts and hand-made replay batches. Not a test
 * file itself (no `.test.ts`).
 */
import { before, describe } from 'node:test';
import type { AlgorithmContext, AlgorithmEvent } from '../../src/algorithm/algorithm';
import type { ActionSpace } from '../../src/env/env';
import { selectBackend } from '../../src/backend/select_backend';
import type { ReplayBatch } from '../../src/memory/replay';
import { resolveSpec } from '../../src/spec';
import type { ResolvedAgentSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';

type Json = Record<string, unknown>;

/**
 * A small MLP Q-learning spec (CartPole-sized); `algorithm`, `memory`, `net` override keys,
 * `replaceNet` replaces the whole net section.
 */
export function mlpAgent(
  name: 'VanillaDQN' | 'DQN' | 'DoubleDQN',
  o: { algorithm?: Json; memory?: Json; net?: Json; replaceNet?: Json } = {},
): ResolvedAgentSpec {
  const spec = {
    agent: {
      name,
      algorithm: {
        name,
        action_pdtype: 'Argmax',
        action_policy: 'epsilon_greedy',
        explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 1000 },
        gamma: 0.9,
        training_batch_iter: 1,
        training_iter: 1,
        training_frequency: 1,
        training_start_step: 0,
        ...o.algorithm,
      },
      memory: { name: 'Replay', batch_size: 8, max_size: 1000, ...o.memory },
      net: o.replaceNet ?? {
        type: 'MLPNet',
        hid_layers: [16],
        hid_layers_activation: 'relu',
        loss_spec: { name: 'HuberLoss' },
        optim_spec: { name: 'Adam', lr: 0.01 },
        ...o.net,
      },
    },
    env: { name: 'CartPole-v1' },
  };
  return resolveSpec(spec).spec.agent;
}

/** A context for `agent` over float vectors of `obsShape` and `n` discrete actions. */
export function vectorContext(
  agent: ResolvedAgentSpec,
  o: { obsShape?: number[]; n?: number; numEnvs?: number; seed?: number; events?: AlgorithmEvent[] } = {},
): AlgorithmContext {
  const actionSpace: ActionSpace = { type: 'discrete', n: o.n ?? 2 };
  return {
    agent,
    obsShape: o.obsShape ?? [4],
    obsDtype: 'float32',
    actionSpace,
    numEnvs: o.numEnvs ?? 1,
    frameStack: 1,
    rng: new Rng(o.seed ?? 0),
    onEvent: (e) => o.events?.push(e),
  };
}

/** A replay batch of B float observations of size d, values from `seed`; actions in [0, n). */
export function handBatch(b: number, d: number, n: number, seed: number, o: { terminated?: number[]; masks?: Uint8Array } = {}): ReplayBatch {
  const rng = new Rng(seed);
  const obs = Float32Array.from({ length: b * d }, () => rng.normal());
  const next = Float32Array.from({ length: b * d }, () => rng.normal());
  return {
    obsShape: [d],
    batchSize: b,
    observations: obs,
    actions: Int32Array.from({ length: b }, (_, i) => i % n),
    rewards: Float32Array.from({ length: b }, (_, i) => (i % 3) - 1),
    nextObservations: next,
    terminated: Float32Array.from(o.terminated ?? Array.from({ length: b }, (_, i) => (i % 4 === 3 ? 1 : 0))),
    truncated: new Float32Array(b),
    indices: Int32Array.from({ length: b }, (_, i) => i),
    ...(o.masks ? { actionMasks: o.masks, nextActionMasks: o.masks } : {}),
  };
}

/** Row argmax (lowest index on ties) over allowed entries. */
export function argmaxRow(q: ArrayLike<number>, row: number, n: number, mask?: ArrayLike<number>): number {
  let best = -1;
  for (let j = 0; j < n; j++) {
    if (mask && !mask[row * n + j]) continue;
    if (best < 0 || q[row * n + j]! > q[row * n + best]!) best = j;
  }
  return best;
}

/** `describe(title)` once per Node backend (cpu, wasm), chosen through selectBackend (kernel fixes included). */
export function describeOnBackends(title: string, body: () => void): void {
  for (const backend of ['cpu', 'wasm'] as const) {
    describe(`${title} [${backend}]`, () => {
      before(() => selectBackend({ gpu: backend }));
      body();
    });
  }
}
