/**
 * A policy's acting net as an ONNX model with Unity ML-Agents' tensor names and meanings (what
 * ml-agents' model_serialization.py / networks.py SimpleActor.forward export and Unity Sentis
 * reads, see docs/interop.md), plus the raw head as `logits`. Opset 13, IR version 7, batch axis
 * named 'batch'.
 *
 * Inputs:  `obs_0` float32 [batch, C, H, W] = pixels / 255 (frames stacked on C, oldest first),
 *          or [batch, D] for a vector policy; `action_masks` float32 [batch, sum(branches)],
 *          1 = allowed; RecurrentNet policies also `recurrent_in` float32 [batch, 1, memory_size].
 * Outputs: `version_number` [1] = 3 (ML-Agents 2.0's export version), `memory_size` [1],
 *          `discrete_actions` int64 [batch, branches] (sampled from the masked logits; for a
 *          Q-learning net the argmax, as DQN acts once trained), `discrete_action_output_shape`
 *          [1, branches], `deterministic_discrete_actions` int64 [batch, branches] (argmax of the
 *          masked logits: the greedy action `loadBot` takes), `recurrent_out` [batch, 1,
 *          memory_size] (RecurrentNet), and `logits` float32 [batch, sum(branches)] (Q-values or
 *          action logits, unmasked).
 * Masking follows ML-Agents: logits * mask - 1e8 * (1 - mask), per branch.
 *
 * Memory of a RecurrentNet: our policies act on the window of their last seq_len observations
 * from a zero state (a zero-padded window at an episode's start), not on a carried hidden state.
 * The memory is that window: `recurrent_in` holds the previous seq_len - 1 observations (obs_0's
 * values, oldest first, memory_size = (seq_len - 1) * C * H * W), `recurrent_out` the window
 * shifted by the current one. Zeros at an episode's start (what Sentis and ML-Agents give) are
 * the zero-padded window, so the ONNX model acts exactly as `loadBot` does.
 */
import type { ActionSpace } from '../env/env';
import { ShapeError } from '../util/errors';
import { FLOAT32, INT64, int, OnnxGraph } from './onnx_graph';
import { addNetGraph } from './onnx_net';
import { buildPolicyNets, policyContentsOf, type PolicyData } from './policy_nets';
import { pytorchStateDict } from './pytorch_export';

/** ML-Agents' MODEL_EXPORT_VERSION (ModelApiVersion.MLAgents2_0). */
export const ML_AGENTS_EXPORT_VERSION = 3;
/** The opset and IR version written (opset 13 is within what Unity Sentis, onnxruntime and Debian's onnx 1.12 take). */
export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 7;
/** ML-Agents' masking constant. */
const MASK_PENALTY = 1e8;

const BATCH = 'batch';

/** The discrete branches of an action space; ShapeError for continuous actions. */
function branchesOf(space: ActionSpace, where: string): number[] {
  if (space.type === 'discrete') return [space.n];
  if (space.type === 'multi_discrete') return [...space.nvec];
  throw new ShapeError(`${where}: ONNX export supports discrete and multi-discrete action spaces; this policy acts in ${JSON.stringify(space)}`);
}

/**
 * The ONNX model's bytes for a policy (its acting net 'net'; a separate critic is not exported).
 * StorageError for damaged policy bytes; ShapeError for a continuous action space. Builds the net
 * with tfjs: a backend must be ready (`selectBackend`); the CLI uses cpu.
 */
export async function policyToOnnx(policy: PolicyData, where = 'policyToOnnx'): Promise<Uint8Array> {
  const contents = await policyContentsOf(policy, where);
  const m = contents.manifest;
  const branches = branchesOf(m.actionSpace as ActionSpace, where);
  const built = buildPolicyNets(contents, where);
  try {
    const net = built.nets.get('net')!;
    const roles = built.plans.find((p) => p.name === 'net')!.roles;
    const sd = await pytorchStateDict(net);
    const g = new OnnxGraph();
    const shape = m.observation.shape;
    const perObs = shape.length === 3 ? [shape[2]!, shape[0]!, shape[1]!] : [...shape];
    const obsSize = shape.reduce((a, b) => a * b, 1);
    const obs = g.input('obs_0', FLOAT32, [BATCH, ...perObs]);
    const masks = g.input('action_masks', FLOAT32, [BATCH, branches.reduce((a, b) => a + b, 0)]);
    const seqLen = net.recurrent ? net.spec.seq_len : 1;
    const memorySize = (seqLen - 1) * obsSize;
    let x = obs;
    let memoryOut: string | null = null;
    if (net.recurrent) {
      // The window [batch, T, ...obs]: the remembered seq_len - 1 observations, then this one.
      let window = g.op('Unsqueeze', [obs, g.int64([1])], 'window');
      if (memorySize > 0) {
        const memory = g.input('recurrent_in', FLOAT32, [BATCH, 1, memorySize]);
        const previous = g.op('Reshape', [memory, g.int64([-1, seqLen - 1, ...perObs])], 'window');
        window = g.op('Concat', [previous, window], 'window', { axis: int(1) });
        const kept = g.op('Slice', [window, g.int64([1]), g.int64([seqLen]), g.int64([1])], 'memory');
        memoryOut = g.op('Reshape', [kept, g.int64([-1, 1, memorySize])], 'memory');
      }
      x = window;
    }
    const heads = addNetGraph(g, net, sd, x);
    // The action heads: Q-values, or one logits head per branch (a shared net's value head is left out).
    const actionHeads = heads.filter((_, i) => roles[i] === 'q' || roles[i] === 'logits');
    const q = roles[0] === 'q';
    const sampled: string[] = [];
    const greedy: string[] = [];
    let start = 0;
    actionHeads.forEach((head, b) => {
      const n = branches[b]!;
      const allow = g.op('Slice', [masks, g.int64([start]), g.int64([start + n]), g.int64([1])], `mask_${b}`);
      start += n;
      const block = g.op('Add', [g.op('Mul', [allow, g.scalar('minus_one', -1)], `mask_${b}`), g.scalar('one', 1)], `mask_${b}`);
      const masked = g.op('Sub', [g.op('Mul', [head, allow], `masked_${b}`), g.op('Mul', [block, g.scalar('mask_penalty', MASK_PENALTY)], `masked_${b}`)], `masked_${b}`);
      const argmax = g.op('ArgMax', [masked], `greedy_${b}`, { axis: int(1), keepdims: int(1) });
      greedy.push(argmax);
      sampled.push(q ? argmax : g.op('Multinomial', [masked], `sample_${b}`, { sample_size: int(1), dtype: int(INT64) }));
    });
    const cat = (values: string[], base: string): string => (values.length === 1 ? values[0]! : g.op('Concat', values, base, { axis: int(1) }));
    // ML-Agents' output order: version_number, memory_size, the discrete outputs, recurrent_out.
    g.output('version_number', g.floats('version_number_value', [1], Float32Array.of(ML_AGENTS_EXPORT_VERSION)), FLOAT32, [1]);
    g.output('memory_size', g.floats('memory_size_value', [1], Float32Array.of(memorySize)), FLOAT32, [1]);
    g.output('discrete_actions', cat(sampled, 'discrete_actions_value'), INT64, [BATCH, branches.length]);
    g.output('discrete_action_output_shape', g.floats('discrete_action_output_shape_value', [1, branches.length], Float32Array.from(branches)), FLOAT32, [1, branches.length]);
    g.output('deterministic_discrete_actions', cat(greedy, 'deterministic_discrete_actions_value'), INT64, [BATCH, branches.length]);
    if (memoryOut !== null) g.output('recurrent_out', memoryOut, FLOAT32, [BATCH, 1, memorySize]);
    g.output('logits', cat(actionHeads, 'logits_value'), FLOAT32, [BATCH, branches.reduce((a, b) => a + b, 0)]);
    return g.toModel({
      graphName: m.spec.name,
      irVersion: ONNX_IR_VERSION,
      opset: ONNX_OPSET,
      producerName: 'pixelpilot',
      producerVersion: '1',
      docString: `pixelpilot policy "${m.spec.name}" (${m.spec.agent.algorithm.name}, ${net.spec.type}); see docs/interop.md`,
      metadata: {
        'pixelpilot.format': 'pixelpilot-onnx-policy',
        'pixelpilot.format_version': '1',
        'pixelpilot.algorithm': m.spec.agent.algorithm.name,
        'pixelpilot.net': net.spec.type,
        'pixelpilot.observation': JSON.stringify({ shape: m.observation.shape, dtype: m.observation.dtype, frameStack: m.observation.frameStack }),
        'pixelpilot.action_space': JSON.stringify(m.actionSpace),
        'pixelpilot.action_names': JSON.stringify(m.actionNames),
        'pixelpilot.seq_len': String(seqLen),
      },
    });
  } finally {
    built.dispose();
  }
}

