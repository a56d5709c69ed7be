/** Per-layer summaries of a net (what `pixelpilot summary` prints). */
import type { Layer } from './layer';

/** One row of a net summary. */
export interface LayerSummary {
  /** PyTorch module path ('' for modules PyTorch has no name for, e.g. our input rescale). */
  name: string;
  /** PyTorch class name, e.g. 'Conv2d'. */
  type: string;
  /** Output shape with symbolic leading axes: 'B' (batch) and, per step of a RecurrentNet, 'T'. */
  outputShape: (number | 'B' | 'T')[];
  /** Trainable parameter count of this module. */
  params: number;
}

/** Trainable parameter count of a list of params. */
export function countParams(params: readonly { variable: { size: number } }[]): number {
  return params.reduce((n, p) => n + p.variable.size, 0);
}

/** Summary row of a layer; `lead` are the symbolic leading axes. */
export function summarizeLayer(layer: Layer, lead: ('B' | 'T')[] = ['B']): LayerSummary {
  return { name: layer.name, type: layer.type, outputShape: [...lead, ...layer.outShape], params: countParams(layer.params) };
}

/** A plain-text table of summary rows with a total line. */
export function formatSummary(rows: readonly LayerSummary[]): string {
  const table = rows.map((r) => [r.name || '-', r.type, `[${r.outputShape.join(', ')}]`, r.params.toLocaleString('en-US')]);
  const header = ['layer', 'type', 'output shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const total = rows.reduce((n, r) => n + r.params, 0).toLocaleString('en-US');
  return [line(header), ...table.map(line), `total params: ${total}`].join('\n');
}
