/**
 * The dashboard's learning curve as numbers, with no canvas: each finished episode's return at the
 * agent step it ended on (steps over all copies when training fast), the moving average of the
 * returns up to it, and how the curve is thinned to a bounded size. Pure, so it is unit-tested
 * (test/demos/learning_curve.test.ts); reward_plot.ts only draws what this module gives.
 */

/** One episode on the curve. */
export interface CurvePoint {
  /** Agent steps when the episode ended (the x axis). */
  step: number;
  /** The episode's return. */
  ret: number;
  /** Mean return of the last `window` episodes up to and including this one (fewer at the start). */
  average: number;
}

/**
 * Episodes in order of their steps, with a running moving average. Keeps at most `maxKept`
 * points: past that it keeps every other one and then only every 2nd (4th, ...) new episode, so
 * the curve stays evenly spaced from the first episode on, and the newest episode is always
 * shown. A page left running for hours keeps the whole curve at a coarser grain. The averages are
 * computed over every episode, kept or not.
 */
export class LearningCurve {
  private kept: CurvePoint[] = [];
  /** The newest episode (shown even when its index is not one the stride keeps). */
  private newest: CurvePoint | null = null;
  /** Every `stride`-th episode is kept. */
  private stride = 1;
  /** The last `window` returns (all episodes, not only the kept ones) and their sum. */
  private recent: number[] = [];
  private sum = 0;
  private count = 0;

  constructor(readonly window: number, readonly maxKept: number) {
    if (!(window >= 1) || !(maxKept >= 2)) throw new Error(`LearningCurve: window >= 1 and maxKept >= 2 (got ${window}, ${maxKept})`);
  }

  /** Episodes added since the last clear (kept or not). */
  get episodes(): number {
    return this.count;
  }

  /** The points kept, oldest first, the newest episode last. */
  get points(): readonly CurvePoint[] {
    const { newest } = this;
    return newest === null || this.kept.at(-1) === newest ? this.kept : [...this.kept, newest];
  }

  /** Adds an episode that ended at agent step `step` (not before the previous one's) with return `ret`. */
  add(step: number, ret: number): void {
    if (this.newest !== null && step < this.newest.step) throw new Error(`LearningCurve: step ${step} is before the last episode's ${this.newest.step}`);
    this.recent.push(ret);
    this.sum += ret;
    if (this.recent.length > this.window) this.sum -= this.recent.shift()!;
    const point = { step, ret, average: this.sum / this.recent.length };
    if (this.count % this.stride === 0) this.kept.push(point);
    this.newest = point;
    this.count++;
    // One place is left for the newest episode when the stride skips it.
    if (this.kept.length >= this.maxKept) {
      this.kept = this.kept.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  /** Forgets every episode. */
  clear(): void {
    this.kept = [];
    this.newest = null;
    this.stride = 1;
    this.recent = [];
    this.sum = 0;
    this.count = 0;
  }
}

/** At most `max` (>= 2) of `points`, evenly spread by index, the first and the last included. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

/** Where the curve goes on a canvas. */
export interface CurveScale {
  /** Step range on the x axis and return range on the y axis. */
  steps: [number, number];
  returns: [number, number];
  /** Canvas x of an agent step, canvas y of a return. */
  x: (step: number) => number;
  y: (ret: number) => number;
}

/**
 * Maps steps (x, from 0 to the last step) and returns (y, their range, widened by 1 each way when
 * flat) onto a `width` x `height` canvas inside `pad` pixels; y grows downwards as on a canvas.
 */
export function curveScale(points: readonly CurvePoint[], width: number, height: number, pad: number): CurveScale {
  const last = points.at(-1)?.step ?? 0;
  const steps: [number, number] = [0, last > 0 ? last : 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.ret, p.average);
    hi = Math.max(hi, p.ret, p.average);
  }
  if (!(hi - lo >= 1e-6)) {
    lo = (Number.isFinite(lo) ? lo : 0) - 1;
    hi = lo + 2;
  }
  return {
    steps,
    returns: [lo, hi],
    x: (step) => pad + ((step - steps[0]) * (width - 2 * pad)) / (steps[1] - steps[0]),
    y: (ret) => height - pad - ((ret - lo) * (height - 2 * pad)) / (hi - lo),
  };
}
