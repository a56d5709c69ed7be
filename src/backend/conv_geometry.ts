/**
 * Index arithmetic for the conv2d gradient, one spatial axis at a time, kept free of tensors so it
 * can be tested against brute force. Notation for one axis: input length `n`, filter taps `k`,
 * stride `s`, dilation `d`, leading pad `p`, forward output length `out`. The forward conv reads
 * padded position `o*s + a*d` for output `o` and tap `a`.
 */

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Padded rows the forward conv actually reads: `(k-1)*d + (out-1)*s + 1`. */
export function spanUsed(k: number, s: number, d: number, out: number): number {
  return (k - 1) * d + (out - 1) * s + 1;
}

/**
 * How the input of the filter-gradient conv is cut from `x` on one axis: `start`/`size` rows of x,
 * then `padBefore`/`padAfter` zero rows, so that exactly the padded span the forward conv read
 * remains (rows past it, left by a non-covering stride, are dropped).
 */
export interface AxisCrop {
  start: number;
  size: number;
  padBefore: number;
  padAfter: number;
}

/** The crop of x for the filter gradient (see AxisCrop). */
export function filterGradCrop(n: number, k: number, s: number, d: number, p: number, out: number): AxisCrop {
  const used = spanUsed(k, s, d, out);
  const end = used - p; // exclusive end of the read span, in x coordinates
  const size = Math.max(0, Math.min(n, end));
  return { start: 0, size, padBefore: p, padAfter: Math.max(0, end - size) };
}

/**
 * One phase of the input gradient on one axis. Padded positions `q*s + r` (q = q0 .. q0+count-1)
 * receive `sum_m dy[q - e0 - m*dilation] * f[a0 + m*step]`; as a stride-1 correlation that is a
 * conv with the `taps` filter rows `a0, a0+step, ...` reversed, dilation `dilation`, over dy rows
 * `dyStart .. dyStart+dySize` padded by `padBefore`/`padAfter`. `taps` 0 means the phase is zero.
 */
export interface AxisPhase {
  r: number;
  a0: number;
  taps: number;
  step: number;
  dilation: number;
  dyStart: number;
  dySize: number;
  padBefore: number;
  padAfter: number;
}

/**
 * Splits the input gradient of one axis into `s` stride-1 phases (sub-pixel decomposition), so no
 * multiply is spent on the zeros a zero-inserted dy would hold. Returns the phases, the first
 * phase row `q0` and the row count `count` every phase produces; padded position `q*s + r` of the
 * interleaved result maps to x row `q*s + r - p`, so x row 0 sits at offset `p - q0*s`.
 */
export function inputGradPhases(
  n: number,
  k: number,
  s: number,
  d: number,
  p: number,
  out: number,
): { phases: AxisPhase[]; q0: number; count: number } {
  const g = gcd(s, d);
  const step = s / g; // tap spacing inside one phase
  const dilation = d / g; // dy spacing inside one phase
  const q0 = Math.floor(p / s);
  const count = Math.ceil((p + n) / s) - q0;
  const phases: AxisPhase[] = [];
  for (let r = 0; r < s; r++) {
    let a0 = -1;
    for (let a = 0; a < Math.min(k, step); a++) {
      if ((a * d) % s === r) {
        a0 = a;
        break;
      }
    }
    const empty: AxisPhase = { r, a0: 0, taps: 0, step, dilation, dyStart: 0, dySize: 0, padBefore: 0, padAfter: 0 };
    if (a0 < 0) {
      phases.push(empty);
      continue;
    }
    const taps = Math.floor((k - 1 - a0) / step) + 1;
    const e0 = (a0 * d - r) / s;
    // Output row j (q = q0 + j) reads dy[q0 + j - e0 - (taps-1)*dilation + m'*dilation].
    const first = q0 - e0 - (taps - 1) * dilation; // dy index read by j = 0, m' = 0
    const last = q0 + count - 1 - e0; // dy index read by the last row, last tap
    const dyStart = Math.max(0, first);
    const dyEnd = Math.min(out, last + 1);
    if (dyEnd <= dyStart) {
      phases.push(empty);
      continue;
    }
    phases.push({
      r,
      a0,
      taps,
      step,
      dilation,
      dyStart,
      dySize: dyEnd - dyStart,
      padBefore: dyStart - first,
      padAfter: last + 1 - dyEnd,
    });
  }
  return { phases, q0, count };
}
