/**
 * Resolves `conv_hid_layers`: rows of PyTorch Conv2d's positional arguments after in_channels,
 * `[out_channels, kernel, stride, padding, dilation]`, trailing entries optional.
 */
import { nonNegInt, pairOf, posInt } from './checks';
import type { Check } from './checks';
import { CONV_ROW_DEFAULTS, LIMITS } from './defaults';
import { SpecContext, describe, indexPath } from './spec_context';
import type { ConvRow, Pair } from './types';

const kernelCheck = pairOf(posInt(LIMITS.kernel));
const paddingCheck: Check<Pair | 'same' | 'valid'> = (v) =>
  v === 'same' || v === 'valid' ? { ok: true, value: v } : pairOf(nonNegInt(LIMITS.kernel))(v);

/** The row entries by position: name and check. */
const ENTRIES: readonly [string, Check<Pair | 'same' | 'valid'>][] = [
  ['out_channels', posInt(LIMITS.units)],
  ['kernel', kernelCheck],
  ['stride', kernelCheck],
  ['padding', paddingCheck],
  ['dilation', kernelCheck],
];

const isOne = (p: Pair): boolean => (Array.isArray(p) ? p[0] === 1 && p[1] === 1 : p === 1);

/**
 * Checks every row, each entry at its own path (`...conv_hid_layers[1][2]`), and fills PyTorch's
 * defaults (stride 1, padding 0, dilation 1). Null when the value is not usable.
 */
export function resolveConvRows(ctx: SpecContext, v: unknown, path: string): ConvRow[] | null {
  if (!Array.isArray(v)) {
    ctx.error(path, `must be a list of [out_channels, kernel, stride, padding, dilation] rows (got ${describe(v)})`);
    return null;
  }
  if (v.length === 0) {
    ctx.error(path, 'must have at least one row');
    return null;
  }
  if (v.length > LIMITS.layers) {
    ctx.error(path, `must have at most ${LIMITS.layers} rows (got ${v.length})`);
    return null;
  }
  const rows: ConvRow[] = [];
  let good = true;
  for (let i = 0; i < v.length; i++) {
    const row = resolveRow(ctx, v[i], indexPath(path, i));
    if (row) rows.push(row);
    else good = false;
  }
  return good ? rows : null;
}

function resolveRow(ctx: SpecContext, row: unknown, path: string): ConvRow | null {
  if (!Array.isArray(row) || row.length < 2 || row.length > 5) {
    ctx.error(path, `must be [out_channels, kernel, stride?, padding?, dilation?] (got ${describe(row)})`);
    return null;
  }
  const filled: unknown[] = [row[0], row[1], CONV_ROW_DEFAULTS.stride, CONV_ROW_DEFAULTS.padding, CONV_ROW_DEFAULTS.dilation];
  for (let j = 2; j < row.length; j++) filled[j] = row[j];
  const out: (Pair | 'same' | 'valid')[] = [];
  let good = true;
  ENTRIES.forEach(([name, check], j) => {
    const r = check(filled[j]);
    if (r.ok) out.push(r.value);
    else {
      good = false;
      ctx.error(indexPath(path, j), `${name} ${r.error}`);
    }
  });
  if (!good) return null;
  const [outCh, kernel, stride, padding, dilation] = out as [number, Pair, Pair, Pair | 'same' | 'valid', Pair];
  if (padding === 'same' && !isOne(stride)) {
    // PyTorch: "padding='same' is not supported for strided convolutions".
    ctx.error(indexPath(path, 3), `padding 'same' needs stride 1 (got stride ${describe(stride)})`);
    return null;
  }
  return [outCh, kernel, stride, padding, dilation];
}
