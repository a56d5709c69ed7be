/**
 * The command line's argument parsers: each reads one flag's text and throws a UsageError (exit
 * code 2) naming the flag and what it got when the text is not what the flag takes.
 */
import { UsageError } from '../util/errors';

/**
 * Parses `--obs`: `HxWxC` for an image (e.g. `84x84x4`) or `D` for a vector (e.g. `4`).
 * Every part must be a positive integer.
 */
export function parseObsShape(text: string): number[] {
  const parts = text.trim().toLowerCase().split('x');
  const dims = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (!(dims.length === 1 || dims.length === 3) || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new UsageError(`--obs must be HxWxC (e.g. 84x84x4) or D (e.g. 4), got '${text}'`);
  }
  return dims;
}

/** Parses a positive integer option such as `--actions`. */
export function parsePositiveInt(name: string, text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  return n;
}

/** Parses a positive decimal number option such as `--minutes` (`5`, `0.5`; not `1e3` or `.5`). */
export function parsePositiveNumber(name: string, text: string): number {
  const n = /^\d{1,9}(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n > 0)) throw new UsageError(`--${name} must be a positive number, got '${text}'`);
  return n;
}

/**
 * The one `--seed` parser of every command: a decimal integer (optionally negative) that is a
 * safe integer, so the seed a run reports is the seed it used. `0x10`, `1e3`, `7.0` and 20-digit
 * seeds are refused with a UsageError rather than read as something else.
 */
export function parseSeed(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`--seed must be a decimal integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got '${text}'`);
  }
  return n;
}

/** Parses `--max-params` (the parameter cap, see checkParamBudget); undefined when not given. */
export function parseMaxParams(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-params must be a positive decimal integer, got '${text}'`);
  return n;
}

/** Parses `--watchdog`: seconds (a decimal number >= 0; 0 turns the watchdog off); `fallback` when not given. */
export function parseWatchdog(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d{1,6}(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--watchdog must be a number of seconds >= 0 (0 turns it off), got '${text}'`);
  return n;
}

/** Flags given on the command line, without the ones left out (exactOptional-friendly). */
export function given<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
