/**
 * Collects the problems and warnings found while resolving one spec, so that validation can go
 * on after the first problem and report them all at once in a single SpecError.
 */
import { SpecError } from '../util/errors';
import type { SpecProblem } from '../util/errors';
import type { SpecWarning } from './types';

/** Problems (errors) and warnings found so far, each with its JSON path. */
export class SpecContext {
  readonly problems: SpecProblem[] = [];
  readonly warnings: SpecWarning[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** Throws one SpecError listing every problem, if there is any. */
  throwIfProblems(specName?: string): void {
    if (this.problems.length > 0) throw new SpecError(this.problems, specName);
  }
}

/** `parent.key`, or `parent["odd key"]` for keys that are not plain identifiers. */
export function keyPath(parent: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  const part = plain ? key : `[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}...` : key)}]`;
  if (parent === '') return part;
  return plain ? `${parent}.${part}` : `${parent}${part}`;
}

/** `parent[i]`. */
export function indexPath(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

/** A plain (non-array, non-null) object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property's value, never one inherited (a key named `__proto__` stays data). */
export function ownValue(obj: Record<string, unknown>, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/**
 * A short, safe rendering of any value for messages: bounded in length and depth, never throws
 * (input may be huge, deeply nested or hold NaN / Infinity from a parsed object).
 */
export function describe(v: unknown, depth = 0): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) {
    if (depth >= 2 || v.length > 8) return `an array of ${v.length}`;
    const s = `[${v.map((x) => describe(x, depth + 1)).join(', ')}]`;
    return s.length > 80 ? `an array of ${v.length}` : s;
  }
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
