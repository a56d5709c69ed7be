/**
 * Pure value checks used by the section readers. Each returns the typed value or the message
 * that follows the JSON path, e.g. `must be a positive integer (got 0)`.
 */
import { describe } from './spec_context';
import { didYouMean } from './suggest';
import type { Pair } from './types';

/** A checked value or the reason it is not acceptable. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
/** Checks one raw value. */
export type Check<T> = (v: unknown) => Checked<T>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(error: string): Checked<T> => ({ ok: false, error });

/** An integer in [1, max]. */
export function posInt(max: number): Check<number> {
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      return bad(`must be a positive integer (got ${describe(v)})`);
    }
    return v > max ? bad(`must be <= ${max} (got ${v})`) : ok(v);
  };
}

/** An integer in [0, max]. */
export function nonNegInt(max: number): Check<number> {
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      return bad(`must be a non-negative integer (got ${describe(v)})`);
    }
    return v > max ? bad(`must be <= ${max} (got ${v})`) : ok(v);
  };
}

/** Bounds of a real number; `gt`/`lt` are exclusive, `min`/`max` inclusive. */
export interface NumRange {
  min?: number;
  max?: number;
  gt?: number;
  lt?: number;
}

/** A finite number within the range. */
export function num(range: NumRange = {}): Check<number> {
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`must be a finite number (got ${describe(v)})`);
    const { min, max, gt, lt } = range;
    const lo = gt !== undefined ? `(${gt}` : min !== undefined ? `[${min}` : undefined;
    const hi = lt !== undefined ? `${lt})` : max !== undefined ? `${max}]` : undefined;
    const inRange =
      (min === undefined || v >= min) &&
      (max === undefined || v <= max) &&
      (gt === undefined || v > gt) &&
      (lt === undefined || v < lt);
    if (inRange) return ok(v);
    if (lo !== undefined && hi !== undefined) return bad(`must be in ${lo}, ${hi} (got ${v})`);
    if (lo !== undefined) return bad(`must be ${gt !== undefined ? `> ${gt}` : `>= ${min}`} (got ${v})`);
    return bad(`must be ${lt !== undefined ? `< ${lt}` : `<= ${max}`} (got ${v})`);
  };
}

/** true or false. */
export const bool: Check<boolean> = (v) =>
  typeof v === 'boolean' ? ok(v) : bad(`must be true or false (got ${describe(v)})`);

/** A non-empty string. */
export const nonEmptyString: Check<string> = (v) =>
  typeof v === 'string' && v.length > 0 ? ok(v) : bad(`must be a non-empty string (got ${describe(v)})`);

/**
 * One of the listed names. With `caseInsensitive`, returns the listed spelling. `what` names the
 * kind of thing in the message ("activation", "optimizer") and `extra` explains rejected names
 * that are known elsewhere (e.g. an SLM Lab feature pixelpilot lacks).
 */
export function oneOf<T extends string>(
  values: readonly T[],
  what: string,
  opts: { caseInsensitive?: boolean; unsupported?: Readonly<Record<string, string>> } = {},
): Check<T> {
  return (v) => {
    if (typeof v === 'string') {
      const hit = values.find((x) => (opts.caseInsensitive ? x.toLowerCase() === v.toLowerCase() : x === v));
      if (hit !== undefined) return ok(hit);
      const why = opts.unsupported && Object.prototype.hasOwnProperty.call(opts.unsupported, v)
        ? opts.unsupported[v]
        : undefined;
      if (why !== undefined) return bad(`${what} '${v}' is not supported: ${why}`);
      const list = values.map((x) => `'${x}'`).join(', ');
      return bad(`unknown ${what} ${describe(v)}${didYouMean(v, values)}; expected one of ${list}`);
    }
    return bad(`must be a ${what} name (got ${describe(v)})`);
  };
}

/** null, or what `check` accepts. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v) => (v === null ? ok(null) : check(v));
}

/** A size as one number or an `[h, w]` pair (PyTorch's int-or-tuple arguments). */
export function pairOf(check: Check<number>): Check<Pair> {
  return (v) => {
    if (Array.isArray(v)) {
      if (v.length !== 2) return bad(`must be a number or an [h, w] pair (got ${describe(v)})`);
      const h = check(v[0]);
      const w = check(v[1]);
      if (!h.ok || !w.ok) {
        const inner = (!h.ok ? h.error : !w.ok ? w.error : '').replace(/ \(got .*$/, '');
        return bad(`${inner} in each of [h, w] (got ${describe(v)})`);
      }
      return ok([h.value, w.value]);
    }
    return check(v);
  };
}
