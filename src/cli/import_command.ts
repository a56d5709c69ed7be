/**
 * `pixelpilot import WEIGHTS.safetensors --spec SPEC [--name N] (--game ENTRY [--browser PATH] |
 * --obs HxWxC|D --actions N) --out POLICY [--max-params N] [--json]`: a PyTorch state_dict of the
 * nets SPEC builds (keys `net.<name>` as `export --format safetensors` writes them, or one net's
 * bare state_dict keys) into a weights-only policy file that `loadBot`, `loadAgent` and `eval`
 * take. Every tensor is matched by name and PyTorch shape before anything is written: a ShapeError
 * lists every missing, unexpected and misshapen tensor and names the spec and spaces (see
 * src/store/safetensors_policy.ts).
 *
 * The spaces come from `--obs` and `--actions`, or from a training entry (`--game`): its action
 * names and its observation options with the spec's frame stack, read in headless Chromium as
 * `train --game` reads them (entry_spaces.ts), so the policy is the one `train --game` would save
 * (the same manifest observation and pipeline) and `eval --game` plays it.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { selectBackend } from '../backend/select_backend';
import type { ActionSpace } from '../env/env';
import { writePolicyFileBytes } from '../store/node_policy_file';
import { resolveSpec } from '../spec/index';
import type { SpecWarning } from '../spec/types';
import { decodePolicyFile } from '../store/policy_file';
import { readPolicyArtifacts } from '../store/policy_read';
import { policyFromPytorch } from '../store/pytorch_policy';
import { readSafetensorsHeader } from '../store/safetensors';
import { policyFromSafetensors } from '../store/safetensors_policy';
import { parseMaxParams, parseObsShape, parsePositiveInt } from './args';
import { readEntrySpaces, type EntrySpaces } from './entry_spaces';
import { readSpecText } from './read_spec_file';
import { UsageError } from '../util/errors';

/** Flags of `import`. */
export interface ImportFlags {
  spec?: string;
  name?: string;
  obs?: string;
  actions?: string;
  out?: string;
  game?: string;
  browser?: string;
  'max-params'?: string;
}

/** Where the imported policy's spaces come from: a training entry (--game), or --obs and --actions. */
export type ImportSpaces =
  | { from: 'game'; entry: EntrySpaces }
  | { from: 'flags'; obsShape: number[]; actionSpace: ActionSpace };

/** The `--json` result. */
export interface ImportResult {
  input: string;
  output: string;
  spec: string;
  observation: number[];
  action_space: ActionSpace;
  /** The action names saved in the policy (--game), else null. */
  action_names: string[] | null;
  tensors: number;
  output_bytes: number;
}

/** The spaces of the imported policy: the training entry's of --game (read in headless Chromium), or --obs and --actions. */
export async function importSpaces(flags: ImportFlags): Promise<ImportSpaces> {
  if (flags.game !== undefined) {
    const extra = (['obs', 'actions'] as const).filter((k) => flags[k] !== undefined);
    if (extra.length > 0) throw new UsageError(`give --game ENTRY or --obs and --actions, not both (--game reads the observation and the actions from the entry; got ${extra.map((k) => `--${k}`).join(' and ')} too)`);
    return { from: 'game', entry: await readEntrySpaces(flags.game, flags.browser) };
  }
  if (flags.browser !== undefined) throw new UsageError('--browser is used with --game ENTRY only');
  if (flags.obs === undefined) throw new UsageError('--obs is required, or --game ENTRY (e.g. --obs 10x10x1 for 10x10 gray pixels, one frame; --obs 4 for a vector)');
  if (flags.actions === undefined) throw new UsageError('--actions is required (the number of discrete actions, e.g. --actions 3)');
  return { from: 'flags', obsShape: parseObsShape(flags.obs), actionSpace: { type: 'discrete', n: parsePositiveInt('actions', flags.actions) } };
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
  const maxParams = parseMaxParams(flags['max-params']);
  const bytes = new Uint8Array(await readInput(weightsPath, 'weights file'));
  const specText = await readSpecText(flags.spec);
  // A spec that does not resolve fails here, before a browser starts for --game.
  resolveSpec(specText, flags.name === undefined ? {} : { name: flags.name });
  const spaces = await importSpaces(flags);
  // The nets are built once to take the weights: cpu computes nothing here.
  await selectBackend({ gpu: 'cpu' });
  const common = {
    ...(maxParams === undefined ? {} : { maxParams }),
    onWarning: (w: SpecWarning) => log(`warning: ${w.path}: ${w.message}`),
    where: weightsPath,
  };
  const policy = spaces.from === 'game'
    // As train --game builds the agent: the entry's actions, its observation with the spec's frame stack.
    ? await policyFromPytorch(bytes, specText, { actions: spaces.entry.actions, ...(spaces.entry.observation === undefined ? {} : { observation: spaces.entry.observation }), ...(flags.name === undefined ? {} : { specName: flags.name }), ...common })
    : await policyFromSafetensors(bytes, specText, { observation: { shape: spaces.obsShape }, actionSpace: spaces.actionSpace, ...(flags.name === undefined ? {} : { name: flags.name }), ...common });
  await writePolicyFileBytes(flags.out, policy);
  // What the file says, read back as loadBot reads it.
  const { manifest } = await readPolicyArtifacts(decodePolicyFile(policy, flags.out), flags.out, maxParams === undefined ? {} : { maxParams });
  const tensors = readSafetensorsHeader(bytes, weightsPath).entries.length;
  return { input: weightsPath, output: flags.out, spec: flags.spec, observation: manifest.observation.shape, action_space: manifest.actionSpace, action_names: manifest.actionNames, tensors, output_bytes: policy.length };
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
      browser: { type: 'string' },
      'max-params': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('import takes exactly one WEIGHTS.safetensors file');
  const { json, ...flags } = values;
  const r = await importWeights(positionals[0]!, flags, out.err);
  const actions = r.action_names === null ? JSON.stringify(r.action_space) : `actions ${r.action_names.join(', ')}`;
  out.log(json ? JSON.stringify(r) : `${r.output}: policy file (weights only) for ${r.spec}, observation [${r.observation}], ${actions}, ${r.tensors} tensors from ${r.input}, ${r.output_bytes.toLocaleString('en-US')} bytes`);
}
