/**
 * Reading a memory spec's numbers: each getter fills the default, records a problem (with the
 * key's JSON path under `memory.`) instead of throwing, so one SpecError can list them all.
 */
import { SpecError, type SpecProblem } from '../util/errors';
import type { MemorySpec } from './types';

/** Collects problems in one memory spec; `done()` throws them together. */
export class SpecReader {
  private readonly problems: SpecProblem[] = [];
  private readonly spec: MemorySpec;

  constructor(spec: MemorySpec) {
    this.spec = spec;
  }

  /** An integer >= `min` (default `fallback` when the key is absent). */
  int(key: keyof MemorySpec, fallback: number, min = 1): number {
    const v = this.spec[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      this.problem(key, `must be an integer >= ${min} (got ${JSON.stringify(v)})`);
      return fallback;
    }
    return v;
  }

  /** A finite number in [lo, hi] (default `fallback`). */
  num(key: keyof MemorySpec, fallback: number, lo: number, hi: number): number {
    const v = this.spec[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
      this.problem(key, `must be a number in [${lo}, ${hi}] (got ${JSON.stringify(v)})`);
      return fallback;
    }
    return v;
  }

  /** A boolean (default `fallback`). */
  bool(key: keyof MemorySpec, fallback: boolean): boolean {
    const v = this.spec[key] ?? fallback;
    if (typeof v !== 'boolean') {
      this.problem(key, `must be true or false (got ${JSON.stringify(v)})`);
      return fallback;
    }
    return v;
  }

  /** Records a problem at `memory.<key>`. */
  problem(key: keyof MemorySpec, message: string): void {
    this.problems.push({ path: `memory.${String(key)}`, message });
  }

  /** Throws one SpecError listing every problem, if any. */
  done(): void {
    if (this.problems.length > 0) throw new SpecError(this.problems);
  }
}
