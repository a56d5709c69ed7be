/**
 * `pixelpilot export POLICY --format ppol|safetensors|onnx --out FILE [--max-params N] [--json]`:
 * a policy file out of pixelpilot, verified first (format, checksum, its own spec's plan):
 * - ppol: the same policy without its training state (optimizer slots, target nets, counters),
 *   what `loadBot` and `loadAgent(..., {mode: 'inference'})` need (see policy_strip.ts);
 * - safetensors: the acting nets as PyTorch state_dicts of the SLM Lab / AMAGO modules the spec
 *   builds (pytorch_export.ts);
 * - onnx: the acting net with Unity ML-Agents' inputs and outputs (onnx_export.ts).
 * The output is written atomically (beside the target, then renamed). Both sizes are reported,
 * raw and gzipped (what a web server with compression sends).
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { selectBackend } from '../backend/select_backend';
import { readPolicyFileBytes, writePolicyFileBytes } from '../store/node_policy_file';
import { policyToOnnx } from '../store/onnx_export';
import { decodePolicyFile, encodePolicyFile } from '../store/policy_file';
import { readPolicyArtifacts } from '../store/policy_read';
import { hasTrainingState, weightsOnlyArtifacts } from '../store/policy_strip';
import { policyToSafetensors } from '../store/pytorch_export';
import { parseMaxParams } from './args';
import { UsageError } from '../util/errors';

/** The formats `export` writes. */
export const EXPORT_FORMATS = ['ppol', 'safetensors', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Flags of `export`. */
export interface ExportFlags {
  format?: string;
  out?: string;
  'max-params'?: string;
}

/** The `--json` result. */
export interface ExportResult {
  format: ExportFormat;
  input: string;
  output: string;
  input_bytes: number;
  /** gzip -9 of the input file. */
  input_gzip_bytes: number;
  output_bytes: number;
  output_gzip_bytes: number;
  /** Whether the input carried training state (optimizer slots, target nets, counters). */
  input_training_state: boolean;
}

const gzipBytes = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;

/** Exports `policyPath` as `flags.format` to `flags.out`. */
export async function exportPolicy(policyPath: string, flags: ExportFlags): Promise<ExportResult> {
  if (flags.format === undefined) throw new UsageError(`--format is required: ${EXPORT_FORMATS.join(', ')}`);
  const format = flags.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}, got '${flags.format}'`);
  if (flags.out === undefined) throw new UsageError('--out FILE is required');
  const maxParams = parseMaxParams(flags['max-params']);
  const input = await readPolicyFileBytes(policyPath);
  const contents = await readPolicyArtifacts(decodePolicyFile(input, policyPath), policyPath, maxParams === undefined ? {} : { maxParams });
  let output: Uint8Array;
  // safetensors and onnx build the nets once to read their weights: cpu computes nothing here.
  if (format !== 'ppol') await selectBackend({ gpu: 'cpu' });
  if (format === 'ppol') {
    const artifacts = await weightsOnlyArtifacts(contents);
    await readPolicyArtifacts(artifacts, `${flags.out} (policy to write)`, maxParams === undefined ? {} : { maxParams });
    output = encodePolicyFile(artifacts);
  } else if (format === 'safetensors') {
    output = await policyToSafetensors(contents, policyPath);
  } else {
    output = await policyToOnnx(contents, policyPath);
  }
  await writePolicyFileBytes(flags.out, output);
  return {
    format,
    input: policyPath,
    output: flags.out,
    input_bytes: input.length,
    input_gzip_bytes: gzipBytes(input),
    output_bytes: output.length,
    output_gzip_bytes: gzipBytes(output),
    input_training_state: hasTrainingState(contents.manifest),
  };
}

const WHAT: Record<ExportFormat, string> = {
  ppol: 'policy file, weights only',
  safetensors: 'PyTorch state_dict (safetensors)',
  onnx: 'ONNX model (ML-Agents interface)',
};

/** The human lines of an export. */
export function formatExport(r: ExportResult): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const pct = (x: number): string => `${((100 * x) / r.input_bytes).toFixed(1)}%`;
  return [
    `${r.input}: ${n(r.input_bytes)} bytes (gzip ${n(r.input_gzip_bytes)}), ${r.input_training_state ? 'with training state' : 'weights only'}`,
    `${r.output}: ${WHAT[r.format]}, ${n(r.output_bytes)} bytes (gzip ${n(r.output_gzip_bytes)}), ${pct(r.output_bytes)} of the input`,
  ].join('\n');
}

/** `pixelpilot export ...` from its arguments (after the command name). */
export async function runExport(args: string[], out: { log: (s: string) => void }): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      'max-params': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('export takes exactly one POLICY file');
  const { json, ...flags } = values;
  const result = await exportPolicy(positionals[0]!, flags);
  out.log(json ? JSON.stringify(result) : formatExport(result));
}
