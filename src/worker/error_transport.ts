/**
 * Typed errors across the worker boundary. Comlink's own 'throw' handler keeps only an error's
 * name, message and stack, so a SpecError thrown in the worker would arrive as a plain Error
 * without its problems. Here any thrown value becomes plain, structured-cloneable data
 * ({name, code, message, stack, details, cause}) and is rebuilt on the other side as an instance
 * of the right class, found in an explicit registry (`ERROR_CLASSES`). An unknown class arrives as
 * a plain Error whose message starts with the original name. SDK errors are keyed by their stable
 * `code`, JavaScript's own by name.
 *
 * Both sides must call `registerErrorTransport()` (worker_entry.ts and spawn_trainer.ts do).
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { AgentError, EnvError, CaptureError, MemoryError, BackendError, PixelpilotError, ShapeError, SpecError, StorageError, type BackendAttempt, type SpecProblem, TrainerError, WorkerError, type WorkerFailure } from '../util/errors';

/** An error as plain data. `details` holds the class's own fields (problems, attempts, env, ...). */
export interface SerializedError {
  name: string;
  /** PixelpilotError's stable code, or a DOMException's / Node error's code when it has one. */
  code?: string | number;
  message: string;
  stack?: string;
  details: Record<string, unknown>;
  /** `error.cause`, serialised the same way (to a depth of 3), or a cloneable non-error value. */
  cause?: SerializedThrown;
}

/** What crosses the boundary for a thrown value: an error as data, or a non-error value as it is. */
export type SerializedThrown = { isError: true; error: SerializedError } | { isError: false; value: unknown };

/** How one error class is taken apart and put back together. */
interface ErrorClassEntry {
  /** The class's own fields, as cloneable data. */
  details(error: Error): Record<string, unknown>;
  /** A new instance from the fields (message and stack are restored afterwards). */
  rebuild(details: Record<string, unknown>, message: string): Error;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]).map((x) => ({ ...x })) : []);

/**
 * Every typed error the SDK throws, by its stable `code` (class names do not survive minifiers;
 * codes do). Add a class here when the SDK gains one.
 */
export const ERROR_CLASSES: Readonly<Record<string, ErrorClassEntry>> = {
  [SpecError.CODE]: {
    details: (e) => ({ problems: list<SpecProblem>((e as SpecError).problems), specName: (e as SpecError).specName }),
    rebuild: (d) => new SpecError(list<SpecProblem>(d.problems), str(d.specName)),
  },
  [BackendError.CODE]: {
    details: (e) => ({ attempts: list<BackendAttempt>((e as BackendError).attempts) }),
    rebuild: (d, m) => new BackendError(list<BackendAttempt>(d.attempts), m),
  },
  [StorageError.CODE]: { details: () => ({}), rebuild: (_d, m) => new StorageError(m) },
  [ShapeError.CODE]: { details: () => ({}), rebuild: (_d, m) => new ShapeError(m) },
  [MemoryError.CODE]: { details: () => ({}), rebuild: (_d, m) => new MemoryError(m) },
  [AgentError.CODE]: { details: () => ({}), rebuild: (_d, m) => new AgentError(m) },
  [CaptureError.CODE]: { details: () => ({}), rebuild: (_d, m) => new CaptureError(m) },
  [EnvError.CODE]: {
    details: (e) => ({ env: (e as EnvError).env }),
    rebuild: (d, m) => new EnvError(m, str(d.env) === undefined ? {} : { env: str(d.env)! }),
  },
  [TrainerError.CODE]: {
    details: (e) => ({ method: (e as TrainerError).method }),
    rebuild: (d) => new TrainerError(str(d.method) ?? '?', ''),
  },
  [WorkerError.CODE]: {
    details: (e) => ({ reason: (e as WorkerError).reason, method: (e as WorkerError).method }),
    rebuild: (d, m) => new WorkerError((str(d.reason) ?? 'crashed') as WorkerFailure, m, str(d.method)),
  },
};

/** JavaScript's own error classes, by name (their names are not minified). */
const BUILTIN_ERRORS: Readonly<Record<string, ErrorClassEntry>> = {
  Error: { details: () => ({}), rebuild: (_d, m) => new Error(m) },
  TypeError: { details: () => ({}), rebuild: (_d, m) => new TypeError(m) },
  RangeError: { details: () => ({}), rebuild: (_d, m) => new RangeError(m) },
  SyntaxError: { details: () => ({}), rebuild: (_d, m) => new SyntaxError(m) },
  ReferenceError: { details: () => ({}), rebuild: (_d, m) => new ReferenceError(m) },
  EvalError: { details: () => ({}), rebuild: (_d, m) => new EvalError(m) },
  URIError: { details: () => ({}), rebuild: (_d, m) => new URIError(m) },
};

const own = <T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined =>
  typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** A PixelpilotError of a code no entry knows (a newer SDK's): the base class, same code and name. */
const UNKNOWN_TYPED: ErrorClassEntry = { details: () => ({}), rebuild: (d, m) => new PixelpilotError(str(d.code) ?? 'UNKNOWN', m) };

/** How `value` (sent) or `data` (received) is taken apart and rebuilt: by code for the SDK's errors, by name for the built-in ones. */
function entryOf(name: string, code: unknown, typed: boolean): ErrorClassEntry | undefined {
  if (typed) return own(ERROR_CLASSES, code) ?? UNKNOWN_TYPED;
  return own(BUILTIN_ERRORS, name);
}

const MAX_CAUSE_DEPTH = 3;

function isCloneable(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return typeof value !== 'symbol';
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function isDomException(value: Error): boolean {
  return typeof DOMException !== 'undefined' && value instanceof DOMException;
}

/** Own enumerable fields of an error of an unregistered class that survive cloning. */
function looseDetails(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) {
    if (k === 'name' || k === 'message' || k === 'stack' || k === 'code' || k === 'cause') continue;
    if (isCloneable(v)) out[k] = v;
  }
  return out;
}

/**
 * Turns any thrown value into cloneable data. Errors keep name, code, message, stack, their
 * class's fields and their cause; other values pass as they are if they can be cloned, else as
 * their string form.
 */
export function serializeError(value: unknown, depth = 0): SerializedThrown {
  if (!(value instanceof Error)) {
    return { isError: false, value: isCloneable(value) ? value : String(value) };
  }
  const typed = value instanceof PixelpilotError;
  const code = (value as { code?: unknown }).code;
  const entry = entryOf(value.name, code, typed);
  const details = entry ? entry.details(value) : looseDetails(value);
  if (isDomException(value)) details.domException = true;
  if (typed) details.pixelpilot = true;
  const error: SerializedError = {
    name: value.name,
    message: value.message,
    details,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof value.stack === 'string' ? { stack: value.stack } : {}),
  };
  if (value.cause !== undefined && depth < MAX_CAUSE_DEPTH) error.cause = serializeError(value.cause, depth + 1);
  return { isError: true, error };
}

/** Overwrites a rebuilt error's message, stack and name with the sender's. */
function restore(target: Error, data: SerializedError, name: string): Error {
  const define = (key: string, value: unknown): void =>
    void Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
  define('message', data.message);
  if (data.stack !== undefined) define('stack', data.stack);
  if (target.name !== name) define('name', name);
  return target;
}

/**
 * Rebuilds what `serializeError` made: an instance of the registered class named by `name` with
 * its fields (so `instanceof SpecError` holds and `.problems` is there), a DOMException for one,
 * or, for an unknown class, a plain Error whose message reads `<name>: <message>` and which keeps
 * `code` and the loose fields.
 */
export function deserializeError(data: SerializedThrown): unknown {
  if (!data.isError) return data.value;
  const e = data.error;
  let out: Error;
  const entry = entryOf(e.name, e.code, e.details.pixelpilot === true);
  if (entry) {
    out = restore(entry.rebuild({ ...e.details, code: e.code }, e.message), e, e.name);
  } else if (e.details.domException === true && typeof DOMException !== 'undefined') {
    out = restore(new DOMException(e.message, e.name), e, e.name);
  } else {
    out = restore(new Error(`${e.name}: ${e.message}`), { ...e, message: `${e.name}: ${e.message}` }, 'Error');
    Object.assign(out, e.details);
    if (e.code !== undefined) (out as Error & { code?: unknown }).code = e.code;
  }
  if (e.cause !== undefined) Object.defineProperty(out, 'cause', { value: deserializeError(e.cause), writable: true, configurable: true });
  return out;
}

type ThrownBox = { value: unknown };

let comlinkCanHandle: ((value: unknown) => boolean) | undefined;

/** The 'throw' handler: comlink's own test for "this is a thrown value", our (de)serialisation. */
function throwHandler(canHandle: (value: unknown) => boolean): TransferHandler<ThrownBox, SerializedThrown> {
  return {
    canHandle: (value): value is ThrownBox => canHandle(value),
    serialize: (box) => [serializeError(box.value), []],
    deserialize: (data) => {
      throw deserializeError(data);
    },
  };
}

/**
 * Replaces comlink's 'throw' transfer handler in this realm (idempotent). Call it on both sides
 * of the boundary before the first call. Comlink marks thrown values with a private symbol, so
 * the test for one is borrowed from comlink's own handler.
 */
export function registerErrorTransport(): void {
  if (comlinkCanHandle !== undefined) return;
  const original = transferHandlers.get('throw');
  if (original === undefined) throw new Error("comlink has no 'throw' transfer handler to replace");
  comlinkCanHandle = original.canHandle.bind(original);
  transferHandlers.set('throw', throwHandler(comlinkCanHandle) as TransferHandler<unknown, unknown>);
}
