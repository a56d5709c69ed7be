import { UsageError } from './obs_shape';

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
