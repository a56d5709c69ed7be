/**
 * Imports a PyTorch state_dict (as read by readSafetensors, or any name -> {shape, data} map in
 * PyTorch's row-major layout) into nets built from the same spec. Our NamedParam names are the
 * state_dict keys SLM Lab / AMAGO modules produce (conv_model.0.weight, cnn.blocks.0.conv.weight,
 * fc_model.0.weight, rnn_model.weight_ih_l0, model_tail.0.weight, model_tails.1.0.bias, ...), so
 * the match is by name; `pytorchToOurs` then applies the axis permutation and, for the first
 * Linear (or RNN input weight) after a conv encoder, the NCHW -> NHWC flatten reorder.
 *
 * All or nothing: every parameter and buffer must be present with its PyTorch shape, and every
 * tensor in the checkpoint must be one of them or known to be ignorable (BatchNorm's
 * `num_batches_tracked`, next to a running_mean we hold; our BatchNorm does not count batches
 * because it always uses momentum 0.1). Otherwise one ShapeError lists every problem and no
 * variable is changed.
 */
import { tf } from '../backend/tf';
import type { Net } from '../net/net';
import type { NamedParam } from '../net/param';
import { pytorchToOurs } from '../net/pytorch_layout';
import { ShapeError } from '../util/errors';

/** One state_dict tensor: PyTorch's shape and row-major values. */
export interface PytorchTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Most names listed per kind of problem in an error message. */
const LISTED = 8;

/** A planned assignment: the param and the checkpoint values in PyTorch's layout. */
interface Planned {
  param: NamedParam;
  data: Float32Array;
}

/** Problems found while matching one net, gathered so they can be reported at once. */
interface Problems {
  missing: string[];
  unknown: string[];
  shapes: string[];
}

function listNames(label: string, names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return `  ${label} (${names.length}): ${shown}${names.length > LISTED ? `, ... (${names.length - LISTED} more)` : ''}`;
}

/** `target` says what the state_dict was matched against (default 'the net'). */
function describe(problems: Problems, where: string, target = 'the net'): string | null {
  const lines: string[] = [];
  if (problems.missing.length > 0) lines.push(listNames('missing from the checkpoint', problems.missing));
  if (problems.unknown.length > 0) lines.push(listNames('in the checkpoint but not in the net', problems.unknown));
  for (const s of problems.shapes.slice(0, LISTED)) lines.push(`  ${s}`);
  if (problems.shapes.length > LISTED) lines.push(`  ... (${problems.shapes.length - LISTED} more shape mismatches)`);
  if (lines.length === 0) return null;
  return [`${where}: the PyTorch state_dict does not match ${target}`, ...lines].join('\n');
}

/**
 * True for checkpoint tensors PyTorch keeps that our nets do not: `X.num_batches_tracked` of a
 * BatchNorm whose `X.running_mean` the net holds.
 */
export function isIgnorablePytorchTensor(name: string, netNames: ReadonlySet<string>): boolean {
  const suffix = '.num_batches_tracked';
  return name.endsWith(suffix) && netNames.has(`${name.slice(0, -suffix.length)}.running_mean`);
}

/** Matches one net against a state_dict, adding to `problems`; returns the assignments. */
function plan(net: Net, tensors: ReadonlyMap<string, PytorchTensor>, problems: Problems, prefix = ''): Planned[] {
  const params = [...net.parameters, ...net.buffers];
  const names = new Set(params.map((p) => p.name));
  const planned: Planned[] = [];
  for (const param of params) {
    const t = tensors.get(param.name);
    if (t === undefined) {
      problems.missing.push(prefix + param.name);
      continue;
    }
    const want = param.pytorchShape;
    if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      problems.shapes.push(`${prefix}${param.name}: checkpoint shape [${t.shape}] but the net's PyTorch shape is [${want}]`);
      continue;
    }
    const size = want.reduce((a, b) => a * b, 1);
    if (t.data.length !== size) {
      problems.shapes.push(`${prefix}${param.name}: ${t.data.length} values for shape [${t.shape}] (expected ${size})`);
      continue;
    }
    planned.push({ param, data: t.data });
  }
  for (const name of tensors.keys()) {
    if (!names.has(name) && !isIgnorablePytorchTensor(name, names)) problems.unknown.push(prefix + name);
  }
  return planned;
}

/** Converts every planned value to our layout first, then assigns; nothing is assigned if a conversion fails. */
function assignAll(planned: readonly Planned[]): void {
  const converted: tf.Tensor[] = [];
  try {
    for (const p of planned) converted.push(pytorchToOurs(p.param, p.data));
    planned.forEach((p, i) => p.param.variable.assign(converted[i]!));
  } finally {
    tf.dispose(converted);
  }
}

/**
 * Loads a PyTorch state_dict of `net` (unprefixed keys, as `net.state_dict()` gives them; SLM Lab
 * saves one such file per net) into the net. Throws ShapeError listing every missing, unknown
 * and wrongly shaped tensor, and then leaves the net unchanged. `where` names the source,
 * `target` the net in the message (e.g. the spec and spaces it was built for; default 'the net').
 */
export function importPytorchStateDict(net: Net, tensors: ReadonlyMap<string, PytorchTensor>, where: string, target?: string): void {
  const problems: Problems = { missing: [], unknown: [], shapes: [] };
  const planned = plan(net, tensors, problems);
  const message = describe(problems, where, target);
  if (message) throw new ShapeError(message);
  assignAll(planned);
}

/**
 * Prefixes each net's state_dict with its net name (`net.`, `critic_net.`), making the single
 * map importPytorchNets reads, e.g. from SLM Lab's per-net files:
 * `prefixStateDicts(new Map([['net', readSafetensors(a, 'a')], ['critic_net', readSafetensors(b, 'b')]]))`.
 */
export function prefixStateDicts<T extends PytorchTensor>(byNet: ReadonlyMap<string, ReadonlyMap<string, T>>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [netName, tensors] of byNet) for (const [name, t] of tensors) out.set(`${netName}.${name}`, t);
  return out;
}

/**
 * Loads the weights of several nets from one state_dict whose keys are prefixed by the net
 * name as SLM Lab names its nets: `net.conv_model.0.weight`, `critic_net.model_tail.0.bias`
 * (what `{name: net.state_dict() for each net}` flattened with '.' gives; the longest matching
 * net name wins). Every key must belong to one of `nets`: a checkpoint that also holds, say,
 * `target_net.` weights must have them removed first (our target nets are copies of `net`).
 * All nets are checked before any is changed; one ShapeError lists every problem of every net
 * (`target` names the nets in its first line; default 'the net').
 */
export function importPytorchNets(nets: ReadonlyMap<string, Net>, tensors: ReadonlyMap<string, PytorchTensor>, where: string, target?: string): void {
  const netNames = [...nets.keys()].sort((a, b) => b.length - a.length);
  const byNet = new Map<string, Map<string, PytorchTensor>>(netNames.map((n) => [n, new Map()]));
  const problems: Problems = { missing: [], unknown: [], shapes: [] };
  for (const [key, t] of tensors) {
    const owner = netNames.find((n) => key.startsWith(`${n}.`));
    if (owner === undefined) problems.unknown.push(key);
    else byNet.get(owner)!.set(key.slice(owner.length + 1), t);
  }
  const planned = [...nets].flatMap(([netName, net]) => plan(net, byNet.get(netName)!, problems, `${netName}.`));
  const message = describe(problems, where, target);
  if (message) throw new ShapeError(message);
  assignAll(planned);
}
