/**
 * Typed errors. Every error the SDK throws for bad user input derives from PixelpilotError and
 * carries a stable `code`, so callers (and the worker transport) can tell them apart without
 * parsing messages.
 */

/**
 * Marks every pixelpilot error with its code under a registry-wide symbol, so that `instanceof`
 * holds across copies of the SDK (`pixelpilot`, `pixelpilot/play` and `pixelpilot/lab` bundled
 * twice, a worker's rebuilt errors) and survives minification, which renames classes.
 */
const CODE_BRAND: unique symbol = Symbol.for('pixelpilot.error.code') as never;

/**
 * Base class of every typed pixelpilot error. `code` is stable across releases and `name` is the
 * class's name as written here (never a minifier's). Each subclass declares its `CODE` and passes
 * its own name; `x instanceof SomeError` compares codes, not class identity.
 */
export class PixelpilotError extends Error {
  /** The code of this class's errors; undefined on the base class, which matches every code. */
  static readonly CODE: string | undefined = undefined;
  readonly code: string;
  constructor(code: string, message: string, name = 'PixelpilotError') {
    super(message);
    this.code = code;
    this.name = name;
    Object.defineProperty(this, CODE_BRAND, { value: code, enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const code = (value as { [CODE_BRAND]?: unknown })[CODE_BRAND];
    if (typeof code !== 'string') return Function.prototype[Symbol.hasInstance].call(this, value);
    return this.CODE === undefined || this.CODE === code;
  }
}

/** One problem found in a spec, at a JSON path such as `agent.net.conv_hid_layers[1][2]`. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** A spec that cannot be used. Lists every problem found, each with its JSON path. */
export class SpecError extends PixelpilotError {
  static override readonly CODE = 'SPEC_INVALID';
  readonly problems: readonly SpecProblem[];
  readonly specName: string | undefined;
  constructor(problems: readonly SpecProblem[], specName?: string) {
    const n = problems.length;
    const head = `${n} problem${n === 1 ? '' : 's'} in spec${specName ? ` "${specName}"` : ''}`;
    const lines = problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`);
    super(SpecError.CODE, [head, ...lines].join('\n'), 'SpecError');
    this.problems = problems;
    this.specName = specName;
  }
}

/** One backend that was tried and why it could not be used. */
export interface BackendAttempt {
  backend: string;
  reason: string;
}

/** No usable backend. Lists every backend tried and why each one failed. */
export class BackendError extends PixelpilotError {
  static override readonly CODE = 'BACKEND_UNAVAILABLE';
  readonly attempts: readonly BackendAttempt[];
  constructor(attempts: readonly BackendAttempt[], message?: string) {
    const lines = attempts.map((a) => `  ${a.backend}: ${a.reason}`);
    super(BackendError.CODE, [message ?? 'no backend could be initialised', ...lines].join('\n'), 'BackendError');
    this.attempts = attempts;
  }
}

/** A policy could not be stored, found or read back intact. */
export class StorageError extends PixelpilotError {
  static override readonly CODE = 'STORAGE_FAILED';
  constructor(message: string) {
    super(StorageError.CODE, message, 'StorageError');
  }
}

/** A tensor, observation or weight has the wrong shape for where it is used. */
export class ShapeError extends PixelpilotError {
  static override readonly CODE = 'SHAPE_MISMATCH';
  constructor(message: string) {
    super(ShapeError.CODE, message, 'ShapeError');
  }
}
