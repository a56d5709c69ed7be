/**
 * Typed errors, every class of them in one place (the lowest layer, so that any layer, and the
 * worker transport, can use them without importing from above). Every error the SDK throws for
 * bad user input derives from PixelpilotError and carries a stable `code`, so callers (and the
 * worker transport) can tell them apart without parsing messages.
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

/** An Agent (or Bot) was given options it cannot use, or used in a state that does not allow the call. Code `AGENT_INVALID`. */
export class AgentError extends PixelpilotError {
  static override readonly CODE = 'AGENT_INVALID';
  constructor(message: string) {
    super(AgentError.CODE, message, 'AgentError');
  }
}

/** The attach callbacks the decision loop calls (see AttachOptions). */
export type AttachCallbackName = 'reward' | 'done' | 'observe' | 'actionMask' | 'heuristic' | 'act';

/**
 * A game's own attach callback failed: it threw, or returned something the agent cannot use (a
 * reward that is NaN or infinite, an observation of the wrong length, an action out of range).
 * Code `AGENT_CALLBACK`. The agent never lets it escape into Phaser's frame: it is reported as an
 * 'error' event, the step it concerned is skipped (see DecisionLoop), and the game runs on.
 */
export class AgentCallbackError extends PixelpilotError {
  static override readonly CODE = 'AGENT_CALLBACK';
  /** The callback that failed ('reward', 'done', 'observe', 'actionMask', 'heuristic' or 'act'). */
  readonly callback: AttachCallbackName;
  /** The player it was called for. */
  readonly player: number;
  /** What it threw, when it threw (undefined when it returned a bad value). */
  override readonly cause: unknown;
  constructor(callback: AttachCallbackName, player: number, problem: string, cause?: unknown) {
    super(AgentCallbackError.CODE, `attach: ${callback}(${player}) ${problem}`, 'AgentCallbackError');
    this.callback = callback;
    this.player = player;
    this.cause = cause;
  }
}

/**
 * A capture that cannot work: an option with a value it cannot take, a source it cannot read, or a
 * browser without a 2D canvas (sizes and crops that do not fit are ShapeErrors). Code `CAPTURE_INVALID`.
 */
export class CaptureError extends PixelpilotError {
  static override readonly CODE = 'CAPTURE_INVALID';
  constructor(message: string) {
    super(CaptureError.CODE, message, 'CaptureError');
  }
}

/**
 * An environment that cannot be used: an unknown name, a user env module that does not load or
 * does not return an Env, spaces that are malformed, or a reset/step that misbehaves. The message
 * names the env (a built-in name or the module's path), the method and what was wrong. Code `ENV_INVALID`.
 */
export class EnvError extends PixelpilotError {
  static override readonly CODE = 'ENV_INVALID';
  /** The env's name or module path, when known. */
  readonly env: string | undefined;
  constructor(message: string, options: { env?: string; cause?: unknown } = {}) {
    super(EnvError.CODE, message, 'EnvError');
    this.env = options.env;
    // Kept so that a throw inside user code can still be inspected.
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * A memory asked for something its contents cannot give: sampled before it holds enough, or fed
 * more steps than its rollout holds (bad sizes in a spec are SpecErrors). Code `MEMORY_STATE`.
 */
export class MemoryError extends PixelpilotError {
  static override readonly CODE = 'MEMORY_STATE';
  constructor(message: string) {
    super(MemoryError.CODE, message, 'MemoryError');
  }
}

/**
 * A Trainer call that cannot run in the Trainer's state or with these options: a call before
 * `init` or after `dispose`, an unknown backend name, a seed that is not an integer. Code `TRAINER_INVALID`.
 */
export class TrainerError extends PixelpilotError {
  static override readonly CODE = 'TRAINER_INVALID';
  /** The Trainer method that refused the call. */
  readonly method: string;
  constructor(method: string, message: string) {
    super(TrainerError.CODE, `Trainer.${method}: ${message}`, 'TrainerError');
    this.method = method;
  }
}

/** Why a worker call failed. */
export type WorkerFailure = 'crashed' | 'terminated' | 'timeout' | 'message_error';

/**
 * A failure of the worker itself (not of the work it was asked to do): the worker script failed to
 * load or crashed, was terminated while a call was pending, a call outlived its timeout, or a reply
 * could not be deserialised; made on the main thread. Code `WORKER_FAILED`; `reason` says why, `method` which call.
 */
export class WorkerError extends PixelpilotError {
  static override readonly CODE = 'WORKER_FAILED';
  /** 'crashed' (load error or uncaught error), 'terminated', 'timeout' or 'message_error'. */
  readonly reason: WorkerFailure;
  /** The Trainer method that was pending, when the failure concerns one call. */
  readonly method: string | undefined;
  constructor(reason: WorkerFailure, message: string, method?: string) {
    super(WorkerError.CODE, message, 'WorkerError');
    this.reason = reason;
    this.method = method;
  }
}

/** A command-line argument that cannot be used; the CLI prints its message and exits 2. Code `USAGE`. */
export class UsageError extends PixelpilotError {
  static override readonly CODE = 'USAGE';
  constructor(message: string) {
    super(UsageError.CODE, message, 'UsageError');
  }
}

/** Where in the game a GameError happened (see GameError.stage). */
export type GameStage = 'import' | 'boot' | 'init' | 'preload' | 'create' | 'update' | 'frame' | 'start' | 'attach' | 'uncaught' | 'stalled';

/**
 * The game itself failed while the fast mode ran it (`trainGame`, `playGame`, `pixelpilot train|eval
 * --game`): the training entry threw while it was imported, Phaser failed to boot a copy, a scene's
 * init/preload/create/update (or anything else in a copy's frame) threw, a scene never started, or the
 * run stalled. Code `GAME_FAILED`; `stage` says where, `copy` which copy, `cause` what was thrown.
 */
export class GameError extends PixelpilotError {
  static override readonly CODE = 'GAME_FAILED';
  /** Where: 'import', 'boot', 'init', 'preload', 'create', 'update', 'frame' (elsewhere in a copy's frame), 'start' (a scene never started), 'attach' (the entry's attach threw), 'uncaught' (an error no call awaited), 'stalled' (the run stopped moving). */
  readonly stage: GameStage;
  /** The copy it happened in, when one. */
  readonly copy: number | undefined;
  /** What was thrown, when something was. */
  override readonly cause: unknown;
  constructor(stage: GameStage, message: string, options: { copy?: number; cause?: unknown } = {}) {
    super(GameError.CODE, message, 'GameError');
    this.stage = stage;
    this.copy = options.copy;
    this.cause = options.cause;
  }
}

/** The error codes of `pixelpilot serve`'s wire protocol (docs/serve-protocol.md). */
export type ServeErrorCode = 'protocol-version' | 'bad-token' | 'bad-message' | 'too-large' | 'bad-action' | 'busy' | 'not-reset' | 'game' | 'shutdown';

/**
 * A client of `pixelpilot serve` broke the wire protocol (a malformed or oversized message, a bad
 * token or action, ...): the server sends it as an ERROR message with `wireCode` and closes that
 * connection. Code `SERVE_PROTOCOL`.
 */
export class ServeError extends PixelpilotError {
  static override readonly CODE = 'SERVE_PROTOCOL';
  /** The ERROR message's code on the wire. */
  readonly wireCode: ServeErrorCode;
  constructor(wireCode: ServeErrorCode, message: string) {
    super(ServeError.CODE, message, 'ServeError');
    this.wireCode = wireCode;
  }
}
