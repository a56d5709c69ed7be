/**
 * `pixelpilot import WEIGHTS.safetensors --spec SPEC [--name N] --obs HxWxC|D --actions N
 * --out POLICY [--max-params N] [--json]`: a PyTorch state_dict of the nets SPEC builds (keys
 * `net.<name>` as `export --format safetensors` writes them, or one net's bare state_dict keys)
 * into a weights-only policy file that `loadBot`, `loadAgent` and `eval` take. Every tensor is
 * matched by name and PyTorch shape before anything is written: a ShapeError lists every missing,
 * unexpected and misshapen tensor (see src/store/safetensors_policy.ts).
 *
 * The spaces come from `--obs` and `--actions` (importSpaces below). A `--game ENTRY` form that
 * reads the actions and the observation from a training entry is planned: it belongs in
 * importSpaces, as one more source of the same ImportSpaces.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { selectBackend } from '../backend/select_backend';
import type { ActionSpace } from '../env/env';
import { writePolicyFileBytes } from '../store/node_policy_file';
import { readSafetensorsHeader } from '../store/safetensors';
import { policyFromSafetensors } from '../store/safetensors_policy';
import { parseMaxParams, parseObsShape, parsePositiveInt } from './args';
import { UsageError } from '../util/errors';

/** Flags of `import`. */
export interface ImportFlags {
  spec?: string;
  name?: string;
  obs?: string;
  actions?: string;
  out?: string;
  game?: string;
  'max-params'?: string;
}

/** What the imported policy observes and how it acts. */
export interface ImportSpaces {
  /** [H, W, C] pixels (frames stacked on C) or [D]. */
  obsShape: number[];
  actionSpace: ActionSpace;
  /** Action names, when the source names them (a training entry will). */
  actionNames?: readonly string[];
}

/** The `--json` result. */
export interface ImportResult {
  input: string;
  output: string;
  spec: string;
  observation: number[];
  action_space: ActionSpace;
  tensors: number;
  output_bytes: number;
}

/** The spaces of the imported policy: from --obs and --actions (the place for --game ENTRY). */
export function importSpaces(flags: ImportFlags): ImportSpaces {
  if (flags.game !== undefined) throw new UsageError('import --game ENTRY is not available yet: give --obs and --actions');
  if (flags.obs === undefined) throw new UsageError('--obs is required (e.g. --obs 10x10x1 for 10x10 gray pixels, one frame; --obs 4 for a vector)');
  if (flags.actions === undefined) throw new UsageError('--actions is required (the number of discrete actions, e.g. --actions 3)');
  return { obsShape: parseObsShape(flags.obs), actionSpace: { type: 'discrete', n: parsePositiveInt('actions', flags.actions) } };
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new UsageError(`cannot read ${what} '${path}': ${reason}`);
  }
}

/** Imports `weightsPath` into a policy file; `log` receives the spec's warnings. */
export async function importWeights(weightsPath: string, flags: ImportFlags, log: (line: string) => void): Promise<ImportResult> {
  if (flags.spec === undefined) throw new UsageError('--spec SPEC is required (the spec file whose nets the weights belong to)');
  if (flags.out === undefined) throw new UsageError('--out POLICY is required');
  const spaces = importSpaces(flags);
  const maxParams = parseMaxParams(flags['max-params']);
  const [bytes, specText] = [await readInput(weightsPath, 'weights file'), (await readInput(flags.spec, 'spec file')).toString('utf8')];
  // The nets are built once to take the weights: cpu computes nothing here.
  await selectBackend({ gpu: 'cpu' });
  const policy = await policyFromSafetensors(new Uint8Array(bytes), specText, {
    observation: { shape: spaces.obsShape },
    actionSpace: spaces.actionSpace,
    ...(spaces.actionNames === undefined ? {} : { actionNames: spaces.actionNames }),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(maxParams === undefined ? {} : { maxParams }),
    onWarning: (w) => log(`warning: ${w.path}: ${w.message}`),
    where: weightsPath,
  });
  await writePolicyFileBytes(flags.out, policy);
  const tensors = readSafetensorsHeader(new Uint8Array(bytes), weightsPath).entries.length;
  return { input: weightsPath, output: flags.out, spec: flags.spec, observation: spaces.obsShape, action_space: spaces.actionSpace, tensors, output_bytes: policy.length };
}

/** `pixelpilot import ...` from its arguments (after the command name). */
export async function runImport(args: string[], out: { log: (s: string) => void; err: (s: string) => void }): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      name: { type: 'string' },
      obs: { type: 'string' },
      actions: { type: 'string' },
      out: { type: 'string' },
      game: { type: 'string' },
      'max-params': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('import takes exactly one WEIGHTS.safetensors file');
  const { json, ...flags } = values;
  const r = await importWeights(positionals[0]!, flags, out.err);
  out.log(json ? JSON.stringify(r) : `${r.output}: policy file (weights only) for ${r.spec}, observation [${r.observation}], ${JSON.stringify(r.action_space)}, ${r.tensors} tensors from ${r.input}, ${r.output_bytes.toLocaleString('en-US')} bytes`);
}
