/**
 * Typed errors. Every error the SDK throws for bad user input derives from PixelpilotError and
 * carries a stable `code`, so callers (and the worker transport) can tell them apart without
 * parsing messages.
 */

/** Base class of every typed pixelpilot error. `code` is stable across releases. */
export class PixelpilotError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** One problem found in a spec, at a JSON path such as `agent.net.conv_hid_layers[1][2]`. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** A spec that cannot be used. Lists every problem found, each with its JSON path. */
export class SpecError extends PixelpilotError {
  readonly problems: readonly SpecProblem[];
  readonly specName: string | undefined;
  constructor(problems: readonly SpecProblem[], specName?: string) {
    const n = problems.length;
    const head = `${n} problem${n === 1 ? '' : 's'} in spec${specName ? ` "${specName}"` : ''}`;
    const lines = problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`);
    super('SPEC_INVALID', [head, ...lines].join('\n'));
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
  readonly attempts: readonly BackendAttempt[];
  constructor(attempts: readonly BackendAttempt[], message?: string) {
    const lines = attempts.map((a) => `  ${a.backend}: ${a.reason}`);
    super('BACKEND_UNAVAILABLE', [message ?? 'no backend could be initialised', ...lines].join('\n'));
    this.attempts = attempts;
  }
}

/** A policy could not be stored, found or read back intact. */
export class StorageError extends PixelpilotError {
  constructor(message: string) {
    super('STORAGE_FAILED', message);
  }
}

/** A tensor, observation or weight has the wrong shape for where it is used. */
export class ShapeError extends PixelpilotError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}
