/**
 * `pixelpilot summary SPEC [--name NAME] [--obs HxWxC|D] [--actions N] [--json]`: each net's
 * layers, output shapes and parameter counts, built exactly as training would build them.
 */
import { tf } from '../backend/tf';
import { selectBackend } from '../backend/select_backend';
import { inferOutDims } from '../net/heads';
import { buildNet } from '../net/net';
import { formatSummary, type LayerSummary } from '../net/summary';
import { Rng } from '../util/rng';
import { checkParamBudget } from '../net/param_budget';
import { parseMaxParams } from './args';
import { problemSpace } from './problem_space';
import { readSpecFile } from './read_spec_file';

/** The machine-readable result (`--json`). */
export interface SummaryResult {
  params: number;
  nets: { name: string; params: number; out_shapes: number[][] }[];
}

export interface SummaryFlags {
  name?: string;
  obs?: string;
  actions?: string;
  'max-params'?: string;
}

/** Builds every net the spec's algorithm needs and describes it. Nets are freed before returning. */
export async function summarize(
  specPath: string,
  flags: SummaryFlags,
): Promise<{ result: SummaryResult; tables: { name: string; rows: LayerSummary[] }[]; warnings: string[] }> {
  const { spec, warnings } = await readSpecFile(specPath, flags.name);
  const { obsShape, actionSpace } = problemSpace(spec, flags);
  // Planned first: a spec over the parameter cap fails before anything is built.
  const maxParams = parseMaxParams(flags['max-params']);
  checkParamBudget(spec.agent, obsShape, actionSpace, maxParams === undefined ? {} : { maxParams });
  await selectBackend({ gpu: 'cpu' });
  const plan = inferOutDims(spec.agent.algorithm.name, actionSpace, spec.agent.net.shared);
  const rng = new Rng(0);
  const result: SummaryResult = { params: 0, nets: [] };
  const tables: { name: string; rows: LayerSummary[] }[] = [];
  for (const netPlan of plan.nets) {
    const net = buildNet(spec.agent.net, { inShape: obsShape, outDims: netPlan.outDims, rng });
    try {
      // A real batch-1 forward pass confirms the shapes the table claims.
      const input = net.recurrent ? [1, spec.agent.net.seq_len, ...obsShape] : [1, ...obsShape];
      const outShapes = tf.tidy(() => net.forward(tf.zeros(input)).map((t) => t.shape));
      const params = net.paramCount();
      result.params += params;
      result.nets.push({ name: netPlan.name, params, out_shapes: outShapes });
      tables.push({ name: netPlan.name, rows: net.summary() });
    } finally {
      net.dispose();
    }
  }
  return { result, tables, warnings: warnings.map((w) => `${w.path}: ${w.message}`) };
}

/** Human-readable text of a summary. */
export function formatSummaryText(specName: string, s: Awaited<ReturnType<typeof summarize>>): string {
  const parts = s.tables.map(({ name, rows }) => `${specName} / ${name}\n${formatSummary(rows)}`);
  parts.push(`total params (all nets): ${s.result.params.toLocaleString('en-US')}`);
  return parts.join('\n\n');
}
