import { PixelpilotError } from '../util/errors';

/** A command-line argument that cannot be used; the CLI prints its message and exits 2. */
export class UsageError extends PixelpilotError {
  static override readonly CODE = 'USAGE';
  constructor(message: string) {
    super(UsageError.CODE, message, 'UsageError');
  }
}

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
