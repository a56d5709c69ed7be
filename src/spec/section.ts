/**
 * Reads the keys of one spec object (a "section" such as `agent.net`) with typed checks, recording
 * each problem at its JSON path and always returning a usable stand-in value so that validation
 * can continue and report every problem at once.
 */
import type { Check } from './checks';
import { SpecContext, describe, indexPath, isRecord, keyPath, ownValue } from './spec_context';
import { didYouMean } from './suggest';

/** How keys outside the known set are treated by `Section.keys`. */
export interface KeyRules {
  /** SLM Lab keys with no meaning here: key -> why; reported as warnings. */
  ignored?: Readonly<Record<string, string>>;
  /** Keys that are valid elsewhere but wrong here: key -> message; reported as errors. */
  misplaced?: Readonly<Record<string, string>>;
}

/** One spec object being read. */
export class Section {
  constructor(
    readonly ctx: SpecContext,
    readonly obj: Readonly<Record<string, unknown>>,
    readonly path: string,
  ) {}

  /** The raw value of an own key (undefined when absent). */
  get(key: string): unknown {
    return ownValue(this.obj as Record<string, unknown>, key);
  }

  /** Whether the key is present with a value (JSON has no undefined; null counts as present). */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The JSON path of a key of this section. */
  at(key: string): string {
    return keyPath(this.path, key);
  }

  error(key: string, message: string): void {
    this.ctx.error(this.at(key), message);
  }

  warn(key: string, message: string): void {
    this.ctx.warn(this.at(key), message);
  }

  /**
   * Reports every key that is neither known, nor ignored (warning), nor misplaced (error with
   * its own message); unknown keys get the nearest known key as a suggestion.
   */
  keys(known: readonly string[], rules: KeyRules = {}): void {
    for (const key of Object.keys(this.obj)) {
      if (known.includes(key)) continue;
      const ignored = rules.ignored && Object.prototype.hasOwnProperty.call(rules.ignored, key)
        ? rules.ignored[key]
        : undefined;
      const misplaced = rules.misplaced && Object.prototype.hasOwnProperty.call(rules.misplaced, key)
        ? rules.misplaced[key]
        : undefined;
      if (ignored !== undefined) this.warn(key, ignored);
      else if (misplaced !== undefined) this.error(key, misplaced);
      else this.error(key, `unknown key${didYouMean(key, [...known, ...Object.keys(rules.ignored ?? {})])}`);
    }
  }

  /** A required key: missing is an error; the fallback stands in after any problem. */
  req<T>(key: string, check: Check<T>, fallback: T, label?: string): T {
    if (!this.has(key)) {
      this.error(key, `${label ? `${label} ` : ''}is required`);
      return fallback;
    }
    return this.value(key, check, fallback, label);
  }

  /** An optional key: missing gives the default. */
  opt<T>(key: string, check: Check<T>, def: T, label?: string): T {
    return this.has(key) ? this.value(key, check, def, label) : def;
  }

  private value<T>(key: string, check: Check<T>, fallback: T, label?: string): T {
    const r = check(this.get(key));
    if (r.ok) return r.value;
    this.error(key, label ? `${label} ${r.error}` : r.error);
    return fallback;
  }

  /**
   * A list whose items are each checked at their own path (`key[i]`). Missing gives `def`, or an
   * error when `def` is undefined (required).
   */
  list<T>(key: string, item: Check<T>, opts: { maxLen: number; minLen?: number }, def?: T[]): T[] {
    if (!this.has(key)) {
      if (def === undefined) this.error(key, 'is required');
      return def ?? [];
    }
    return checkList(this.ctx, this.get(key), this.at(key), item, opts) ?? def ?? [];
  }

  /**
   * A nested object. Missing gives null (an error too when `required`); a value that is not an
   * object is an error and gives null; `nullable` allows an explicit null.
   */
  sub(key: string, opts: { required?: boolean; nullable?: boolean } = {}): Section | null {
    const v = this.get(key);
    if (v === undefined || (v === null && opts.nullable)) {
      if (v === undefined && opts.required) this.error(key, 'is required');
      return null;
    }
    if (!isRecord(v)) {
      this.error(key, `must be an object${opts.nullable ? ' or null' : ''} (got ${describe(v)})`);
      return null;
    }
    return new Section(this.ctx, v, this.at(key));
  }
}

/** Checks a list and each of its items; null (after recording the problem) when it is not a list. */
export function checkList<T>(
  ctx: SpecContext,
  v: unknown,
  path: string,
  item: Check<T>,
  opts: { maxLen: number; minLen?: number },
): T[] | null {
  if (!Array.isArray(v)) {
    ctx.error(path, `must be a list (got ${describe(v)})`);
    return null;
  }
  if (v.length > opts.maxLen) {
    ctx.error(path, `must have at most ${opts.maxLen} entries (got ${v.length})`);
    return null;
  }
  if (opts.minLen !== undefined && v.length < opts.minLen) {
    ctx.error(path, `must have at least ${opts.minLen} entr${opts.minLen === 1 ? 'y' : 'ies'} (got ${v.length})`);
    return null;
  }
  const out: T[] = [];
  let good = true;
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i]);
    if (r.ok) out.push(r.value);
    else {
      good = false;
      ctx.error(indexPath(path, i), r.error);
    }
  }
  return good ? out : null;
}
