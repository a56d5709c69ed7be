import type { Action } from './env';
import { EnvError } from '../util/errors';

/**
 * Reading built-in env options (which come from specs and the CLI, so are untrusted) and actions.
 * Each reader throws an EnvError naming the env and the option.
 */

/** An integer option in [min, max], or `fallback` when absent. */
export function intOption(env: string, options: Record<string, unknown>, key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = options[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new EnvError(`env "${env}": option ${key} must be an integer ${range} (got ${JSON.stringify(v)})`, { env });
  }
  return v;
}

/** A boolean option, or `fallback` when absent. */
export function boolOption(env: string, options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = options[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new EnvError(`env "${env}": option ${key} must be true or false (got ${JSON.stringify(v)})`, { env });
  return v;
}

/** Throws when options hold a key the env does not know, so typos are not silently ignored. */
export function rejectUnknownOptions(env: string, options: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new EnvError(`env "${env}": unknown option${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (known: ${known.join(', ')})`, { env });
  }
}

/** A discrete action in [0, n): a number, or a one-element array holding one. */
export function discreteAction(env: string, action: Action, n: number): number {
  const a = Array.isArray(action) && action.length === 1 ? action[0] : action;
  if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= n) {
    throw new EnvError(`env "${env}": step() action must be an integer in [0, ${n - 1}] (got ${JSON.stringify(action)})`, { env });
  }
  return a;
}

/** Throws unless an episode is running: step() needs a reset() first and again after it ends. */
export function requireRunning(env: string, running: boolean): void {
  if (!running) throw new EnvError(`env "${env}": step() called with no running episode; call reset() first (also after terminated or truncated)`, { env });
}
