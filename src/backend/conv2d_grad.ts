/**
 * Conv2D gradients for any stride, dilation and padding, built only from forward kernels every
 * backend has (conv2d, matMul, slice, concat, pad, transpose, stack/reshape).
 *
 * Why: tfjs-core's Conv2D gradient refuses dilation > 1 on every backend, and wasm has no
 * Conv2DBackpropFilter kernel at all (its Conv2DBackpropInput exists but is slow). Forward convs
 * run through XNNPACK on wasm, so recasting the gradients as forward convs makes them both
 * available and fast.
 * - filter gradient: a stride-1 conv over x transposed to [Cin, H, W, N] with dy transposed to
 *   [OH, OW, N, Cout] as its filter, dilated by the forward stride (strided by the forward
 *   dilation). Where that conv would need stride and dilation > 1 together (which tfjs refuses),
 *   an im2col (strided slices) + matMul formulation is used instead (6x slower on wasm).
 * - input gradient: per output phase (sub-pixel decomposition) a stride-1 conv of dy with the
 *   matching taps of the flipped, channel-transposed filter; the phases are interleaved back. When
 *   all phases read dy alike (dilation 1, stride dividing the kernel), they run as one conv. On
 *   wasm this is 5-7x faster than its Conv2DBackpropInput and wastes no multiply on the zeros a
 *   zero-inserted dy would hold.
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';
import { mergedSlice } from './merged_slice';
import type { AxisPhase } from './conv_geometry';
import { filterGradCrop, inputGradPhases } from './conv_geometry';

type Pair = [number, number];
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** Forward conv geometry in NHWC, as the gradients need it. */
export interface ConvGeometry {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: Pair;
  dilations: Pair;
  /** top, bottom, left, right padding the forward conv used */
  pads: [number, number, number, number];
  outHeight: number;
  outWidth: number;
}

/** Resolves the Conv2D attributes (numbers, 'same', 'valid', explicit pads, rounding) to pads. */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: number | Pair,
  dilations: number | Pair,
  pad: 'valid' | 'same' | number | number[][],
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad as 'valid',
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, bottom, left, right } = info.padInfo;
  return {
    xShape: xShape as ConvGeometry['xShape'],
    filterShape: filterShape as ConvGeometry['filterShape'],
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    pads: [top, bottom, left, right],
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

/** How the filter gradient is formed. 'auto' picks per shape (see chooseFilterGradMethod). */
export type FilterGradMethod = 'auto' | 'conv' | 'im2col';

/**
 * 'conv' (the dilated-conv formulation) unless tfjs cannot express it (forward stride and dilation
 * both > 1; tfjs' forward conv2d refuses those too, so this is a safeguard). im2col measured 6x
 * slower on wasm for the Nature CNN, so it is never preferred for speed.
 */
export function chooseFilterGradMethod(g: ConvGeometry): 'conv' | 'im2col' {
  const [sh, sw] = g.strides;
  const [dh, dw] = g.dilations;
  const stridesOne = sh === 1 && sw === 1;
  const dilationsOne = dh === 1 && dw === 1;
  if (!stridesOne && !dilationsOne) return 'im2col';
  return 'conv';
}

/** dL/dfilter for an NHWC conv2d. */
export function conv2dFilterGrad(x: Tensor4D, dy: Tensor4D, g: ConvGeometry, method: FilterGradMethod = 'auto'): Tensor4D {
  const use = method === 'auto' ? chooseFilterGradMethod(g) : method;
  return use === 'conv' ? filterGradByConv(x, dy, g) : filterGradByIm2col(x, dy, g);
}

function filterGradByConv(x: Tensor4D, dy: Tensor4D, g: ConvGeometry): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, cin] = g.xShape;
    const [kh, kw] = g.filterShape;
    const [sh, sw] = g.strides;
    const [dh, dw] = g.dilations;
    const [pt, , pl] = g.pads;
    const ch = filterGradCrop(h, kh, sh, dh, pt, g.outHeight);
    const cw = filterGradCrop(w, kw, sw, dw, pl, g.outWidth);
    let xs: Tensor4D = x;
    if (ch.size !== h || cw.size !== w) xs = mergedSlice(x, [0, ch.start, cw.start, 0], [n, ch.size, cw.size, cin]);
    const xT = tf.transpose(xs, [3, 1, 2, 0]); // [Cin, H, W, N]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
    const pads: Pad4 = [[0, 0], [ch.padBefore, ch.padAfter], [cw.padBefore, cw.padAfter], [0, 0]];
    // Stride = forward dilation, dilation = forward stride: output [Cin, kh, kw, Cout].
    const r = tf.conv2d(xT, dyT, [dh, dw], pads, 'NHWC', [sh, sw]);
    return tf.transpose(r, [1, 2, 0, 3]);
  });
}

/** Pads (or crops) x to the padded span the forward conv read; rows outside the span are dropped. */
function paddedInput(x: Tensor4D, g: ConvGeometry): Tensor4D {
  const [n, h, w, cin] = g.xShape;
  const [kh, kw] = g.filterShape;
  const ch = filterGradCrop(h, kh, g.strides[0], g.dilations[0], g.pads[0], g.outHeight);
  const cw = filterGradCrop(w, kw, g.strides[1], g.dilations[1], g.pads[2], g.outWidth);
  let xs: Tensor4D = x;
  if (ch.size !== h || cw.size !== w) xs = mergedSlice(x, [0, ch.start, cw.start, 0], [n, ch.size, cw.size, cin]);
  if (ch.padBefore + ch.padAfter + cw.padBefore + cw.padAfter === 0) return xs;
  return tf.pad(xs, [[0, 0], [ch.padBefore, ch.padAfter], [cw.padBefore, cw.padAfter], [0, 0]]);
}

function filterGradByIm2col(x: Tensor4D, dy: Tensor4D, g: ConvGeometry): Tensor4D {
  return tf.tidy(() => {
    const n = g.xShape[0];
    const [kh, kw, cin, cout] = g.filterShape;
    const [sh, sw] = g.strides;
    const [dh, dw] = g.dilations;
    const oh = g.outHeight;
    const ow = g.outWidth;
    const xp = paddedInput(x, g);
    const cols: Tensor4D[] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const end = [n, a * dh + (oh - 1) * sh + 1, b * dw + (ow - 1) * sw + 1, cin];
        cols.push(tf.stridedSlice(xp, [0, a * dh, b * dw, 0], end, [1, sh, sw, 1]) as Tensor4D);
      }
    }
    const m = n * oh * ow;
    const patches = tf.reshape(cols.length === 1 ? cols[0] : tf.concat(cols, 3), [m, kh * kw * cin]);
    // dy^T @ patches needs only the small dy transposed; the [Cout, K] result is tiny.
    const dyT = tf.transpose(tf.reshape(dy, [m, cout]));
    const r = tf.matMul(dyT, patches); // [Cout, kh*kw*Cin]
    return tf.reshape(tf.transpose(r), [kh, kw, cin, cout]) as Tensor4D;
  });
}

/**
 * Taps `a0, a0+step, ...` of one axis in reverse order, by slices and one concat: wasm's Reverse and
 * StridedSlice kernels take milliseconds even on small filters, its Slice and Concat do not.
 */
function reversedTaps(f: Tensor4D, axis: 0 | 1, a0: number, taps: number, step: number): Tensor4D {
  if (taps === 1 && f.shape[axis] === 1) return f;
  const parts: Tensor4D[] = [];
  for (let m = taps - 1; m >= 0; m--) {
    const begin = [0, 0, 0, 0];
    const size = [...f.shape];
    begin[axis] = a0 + m * step;
    size[axis] = 1;
    parts.push(mergedSlice(f, begin, size));
  }
  return parts.length === 1 ? parts[0] : tf.concat(parts, axis);
}

/** The phase's taps of the filter, flipped, with in/out channels swapped: [th, tw, Cout, Cin]. */
function phaseFilter(filter: Tensor4D, rh: AxisPhase, rw: AxisPhase): Tensor4D {
  const fh = reversedTaps(filter, 0, rh.a0, rh.taps, rh.step);
  return tf.transpose(reversedTaps(fh, 1, rw.a0, rw.taps, rw.step), [0, 1, 3, 2]);
}

/** dL/dx for an NHWC conv2d. */
export function conv2dInputGrad(dy: Tensor4D, filter: Tensor4D, g: ConvGeometry): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, cin] = g.xShape;
    const [kh, kw] = g.filterShape;
    const [sh, sw] = g.strides;
    const [dh, dw] = g.dilations;
    const [pt, , pl] = g.pads;
    const ph = inputGradPhases(h, kh, sh, dh, pt, g.outHeight);
    const pw = inputGradPhases(w, kw, sw, dw, pl, g.outWidth);
    let full: Tensor4D;
    if ((sh > 1 || sw > 1) && uniform(ph.phases) && uniform(pw.phases)) {
      full = mergedPhases(dy, filter, ph.phases, pw.phases, n, ph.count, pw.count, cin);
    } else {
      full = phaseByPhase(dy, filter, ph.phases, pw.phases, ph.count, pw.count, cin);
    }
    const top = pt - ph.q0 * sh;
    const left = pl - pw.q0 * sw;
    if (top === 0 && left === 0 && full.shape[1] === h && full.shape[2] === w) return full;
    return mergedSlice(full, [0, top, left, 0], [n, h, w, cin]);
  });
}

/** All phases of an axis read dy alike (true when dilation is 1 and stride divides the taps). */
function uniform(phases: AxisPhase[]): boolean {
  const p = phases[0];
  return phases.every(
    (q) =>
      q.taps > 0 &&
      q.taps === p.taps &&
      q.dyStart === p.dyStart &&
      q.dySize === p.dySize &&
      q.padBefore === p.padBefore &&
      q.padAfter === p.padAfter &&
      q.dilation === p.dilation,
  );
}

function dyWindow(dy: Tensor4D, rh: AxisPhase, rw: AxisPhase): Tensor4D {
  const [n, oh, ow, c] = dy.shape;
  if (rh.dySize === oh && rw.dySize === ow) return dy;
  return mergedSlice(dy, [0, rh.dyStart, rw.dyStart, 0], [n, rh.dySize, rw.dySize, c]);
}

function phasePads(rh: AxisPhase, rw: AxisPhase): Pad4 {
  return [[0, 0], [rh.padBefore, rh.padAfter], [rw.padBefore, rw.padAfter], [0, 0]];
}

/**
 * Every phase in one conv: the phase filters side by side as output channels (sh*sw*Cin), then
 * interleaved by a reshape, a 4-D transpose and a reshape (wasm's 6-D transpose and DepthToSpace
 * are slow).
 */
function mergedPhases(
  dy: Tensor4D,
  filter: Tensor4D,
  hs: AxisPhase[],
  ws: AxisPhase[],
  n: number,
  qh: number,
  qw: number,
  cin: number,
): Tensor4D {
  const parts: Tensor4D[] = [];
  for (const rh of hs) for (const rw of ws) parts.push(phaseFilter(filter, rh, rw));
  const big = parts.length === 1 ? parts[0] : tf.concat(parts, 3);
  const out = tf.conv2d(dyWindow(dy, hs[0], ws[0]), big, 1, phasePads(hs[0], ws[0]), 'NHWC', [hs[0].dilation, ws[0].dilation]);
  const sh = hs.length;
  const sw = ws.length;
  // [N, Qh, Qw, sh, sw, C] -> [N, Qh, sh, Qw, sw, C] via 4-D [N*Qh, Qw, sh, sw*C] -> [N*Qh, sh, Qw, sw*C].
  const t = tf.transpose(tf.reshape(out, [n * qh, qw, sh, sw * cin]), [0, 2, 1, 3]);
  return tf.reshape(t, [n, qh * sh, qw * sw, cin]);
}

/** One conv per phase, interleaved by stacking (phases differ in taps or dy window). */
function phaseByPhase(dy: Tensor4D, filter: Tensor4D, hs: AxisPhase[], ws: AxisPhase[], qh: number, qw: number, cin: number): Tensor4D {
  const n = dy.shape[0];
  const sh = hs.length;
  const sw = ws.length;
  const rows: Tensor4D[] = [];
  for (const rh of hs) {
    const cols: Tensor4D[] = [];
    for (const rw of ws) {
      if (rh.taps === 0 || rw.taps === 0) cols.push(tf.zeros([n, qh, qw, cin]));
      else cols.push(tf.conv2d(dyWindow(dy, rh, rw), phaseFilter(filter, rh, rw), 1, phasePads(rh, rw), 'NHWC', [rh.dilation, rw.dilation]));
    }
    // Interleave the width phases: [N, Qh, Qw, sw, C] -> [N, Qh, Qw*sw, C].
    rows.push(sw === 1 ? cols[0] : (tf.reshape(tf.stack(cols, 3), [n, qh, qw * sw, cin]) as Tensor4D));
  }
  return sh === 1 ? rows[0] : (tf.reshape(tf.stack(rows, 2), [n, qh * sh, qw * sw, cin]) as Tensor4D);
}
