/** Shared test helpers for the nets: specs with defaults, backends, plain-JS reference maths. */
import { tf } from '../../src/backend/tf';
import { prepareWasm } from '../../src/backend/wasm_setup';
import type { AmagoCnnName, AmagoCnnSpec, ResolvedNetSpec } from '../../src/spec/types';

/** A resolved net spec: the net-relevant fields with SLM Lab's defaults, then `overrides`. */
export function netSpec(overrides: Partial<ResolvedNetSpec>): ResolvedNetSpec {
  const base: Partial<ResolvedNetSpec> = {
    type: 'ConvNet',
    shared: false,
    hid_layers: [],
    fc_hid_layers: [],
    conv_hid_layers: [],
    cnn: null,
    hid_layers_activation: 'relu',
    out_layer_activation: null,
    init_fn: null,
    batch_norm: true,
    normalize: false,
    cell_type: 'GRU',
    rnn_hidden_size: 32,
    rnn_num_layers: 1,
    bidirectional: false,
    seq_len: 4,
    aug: null,
  };
  return { ...base, ...overrides } as ResolvedNetSpec;
}

const AMAGO: Record<AmagoCnnName, Omit<AmagoCnnSpec, 'name' | 'activation'>> = {
  NatureishCNN: { channels: [32, 64, 64], kernels: [8, 4, 3], strides: [4, 2, 1], cnn_block_depths: [], post_group_norm: false },
  GridworldCNN: { channels: [16, 32, 48], kernels: [2, 2, 2], strides: [1, 1, 1], cnn_block_depths: [], post_group_norm: false },
  DrQCNN: { channels: [], kernels: [], strides: [], cnn_block_depths: [], post_group_norm: false },
  IMPALAishCNN: { channels: [], kernels: [], strides: [], cnn_block_depths: [16, 32, 32], post_group_norm: true },
};

/** An AMAGO encoder spec with AMAGO's defaults, then `overrides`. */
export function amagoCnn(name: AmagoCnnName, overrides: Partial<AmagoCnnSpec> = {}): AmagoCnnSpec {
  return { name, activation: 'leaky_relu', ...AMAGO[name], ...overrides };
}

/** Switches the tfjs backend (wasm is prepared on first use). */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await prepareWasm();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`could not set backend ${name}`);
}

/** Max absolute difference of two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Runs fn and checks that it leaves the tensor count as it found it. */
export async function noLeak(fn: () => void | Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`leaked ${after - before} tensors`);
}
