/**
 * A policy's nets as PyTorch state_dicts, the inverse of pytorch_import.ts: each parameter and
 * buffer under the key `<net>.<state_dict name>` (`net.conv_model.0.weight`,
 * `critic_net.model_tail.0.bias`; the names SLM Lab's and AMAGO's modules give and that
 * importPytorchNets reads), in PyTorch's layout (oursToPytorch: Linear [out, in], Conv2d
 * [out, in, kh, kw], the first Linear after a conv encoder over PyTorch's (c, h, w) flatten).
 * A BatchNorm2d also gets PyTorch's `num_batches_tracked` (I64 scalar, written 0: our BatchNorm
 * counts no batches, and PyTorch uses the count only when its momentum is None), so that
 * `load_state_dict(strict=True)` accepts the file. Order: a net's parameters, then its buffers.
 */
import type { Net } from '../net/net';
import { oursToPytorch } from '../net/pytorch_layout';
import { encodeSafetensors } from './safetensors';
import { buildPolicyNets, policyContentsOf, type PolicyData } from './policy_nets';

/** One state_dict tensor as written: PyTorch's shape, row-major values, and the dtype to store. */
export interface PytorchExportTensor {
  shape: number[];
  data: Float32Array;
  dtype: 'F32' | 'I64';
}

/** The `format` metadata of an exported state_dict file. */
export const STATE_DICT_FORMAT = 'pixelpilot-pytorch-state-dict';
/** Bumped when a reader of the previous version could misread an export. */
export const STATE_DICT_FORMAT_VERSION = 1;

/**
 * The state_dict of `net` in PyTorch's layout, every key prefixed with `prefix` (e.g. 'net.';
 * default none, as `net.state_dict()` gives it). Reads the weights asynchronously; keeps no tensor.
 */
export async function pytorchStateDict(net: Net, prefix = ''): Promise<Map<string, PytorchExportTensor>> {
  const out = new Map<string, PytorchExportTensor>();
  for (const p of [...net.parameters, ...net.buffers]) {
    const t = oursToPytorch(p);
    try {
      out.set(prefix + p.name, { shape: [...p.pytorchShape], data: (await t.data()) as Float32Array, dtype: 'F32' });
    } finally {
      t.dispose();
    }
    if (p.name.endsWith('.running_var')) {
      out.set(`${prefix}${p.name.slice(0, -'running_var'.length)}num_batches_tracked`, { shape: [], data: new Float32Array(1), dtype: 'I64' });
    }
  }
  return out;
}

/**
 * A policy's acting nets as one safetensors file of PyTorch state_dicts (keys `<net>.<name>`, see
 * the file comment), loadable with `safetensors.torch.load_file` and, per net with the prefix
 * removed, `load_state_dict(strict=True)` into the SLM Lab / AMAGO module of the same spec.
 * The file's metadata (all strings): `format` (STATE_DICT_FORMAT), `format_version`, `nets`
 * (comma-separated net names), `spec` (the resolved spec, JSON), `observation` (`{shape: [H, W, C]
 * or [D], dtype, frameStack}`, JSON) and `action_space` (JSON). Target nets and optimizer state are
 * not exported. StorageError for damaged policy bytes. Builds the nets with tfjs: a backend must be
 * ready (`selectBackend`); the CLI uses cpu.
 */
export async function policyToSafetensors(policy: PolicyData, where = 'policyToSafetensors'): Promise<Uint8Array> {
  const contents = await policyContentsOf(policy, where);
  const built = buildPolicyNets(contents, where);
  try {
    const tensors = new Map<string, PytorchExportTensor>();
    for (const [name, net] of built.nets) for (const [key, t] of await pytorchStateDict(net, `${name}.`)) tensors.set(key, t);
    const m = contents.manifest;
    return encodeSafetensors(tensors, {
      format: STATE_DICT_FORMAT,
      format_version: String(STATE_DICT_FORMAT_VERSION),
      nets: [...built.nets.keys()].join(','),
      spec: JSON.stringify(m.spec),
      observation: JSON.stringify({ shape: m.observation.shape, dtype: m.observation.dtype, frameStack: m.observation.frameStack }),
      action_space: JSON.stringify(m.actionSpace),
    });
  } finally {
    built.dispose();
  }
}
