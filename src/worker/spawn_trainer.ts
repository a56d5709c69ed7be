/**
 * The main thread's side of the worker: starts the module worker that runs worker_entry.ts, wraps
 * it with comlink and hands back a typed client. Frames cross as transferred buffers (the sender's
 * copy is detached, nothing is copied). Comlink alone would leave a call pending forever when the
 * worker dies, so every call here also rejects with a WorkerError when the worker fails to load or
 * crashes ('error' event), when a reply cannot be read ('messageerror'), when `terminate()` is
 * called, or when the optional call timeout passes.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { ActionBatch, RoundSchedule, StepBatch, TrainReport } from '../algorithm/algorithm';
import { BACKEND_CHANGE_MESSAGE, type BackendChange } from './backend_change';
import { registerErrorTransport } from './error_transport';
import type { Trainer } from './trainer';
import type { TrainerTiming } from './trainer_timing';
import type { ActOptions, ExportPolicyOptions, ImportPolicyOptions, ImportPolicyResult, TrainerInitOptions, TrainerInitResult, TrainerStats, UseDemonstrationsOptions, UseDemonstrationsResult } from './trainer_types';
import { WorkerError, type WorkerFailure } from '../util/errors';

/** What the client needs of a Worker (a real one, or a stand-in in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  terminate(): void;
}

/** Options of `spawnTrainer`. */
export interface SpawnTrainerOptions {
  /**
   * Milliseconds after which a pending call rejects with WorkerError reason 'timeout'. The work
   * goes on in the worker (its late reply is dropped) and the client stays usable. Default 0: no
   * timeout (a training round or a WebGPU init can take seconds on slow machines).
   */
  callTimeoutMs?: number;
  /** The worker's name (shown in devtools). Default 'pixelpilot-trainer'. */
  name?: string;
  /** Called once when the worker crashes or is terminated. */
  onFailure?: (error: WorkerError) => void;
  /** Called when the worker's Trainer moved to another backend by itself (a lost WebGPU device). */
  onBackendChange?: (change: BackendChange) => void;
}

/** Options of the client's `observe`. */
export interface ObserveOptions {
  /** Transfer the step's buffers (detaching them here) instead of copying. Default true. */
  transfer?: boolean;
}

interface Pending {
  method: string;
  reject: (error: WorkerError) => void;
}

/** Distinct transferable buffers under typed arrays (shared memory cannot be transferred). */
function buffersOf(arrays: readonly (ArrayBufferView | null | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a != null && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

function describeErrorEvent(event: Event): string {
  const e = event as Partial<ErrorEvent>;
  if (typeof e.message === 'string' && e.message !== '') {
    const at = e.filename ? ` (${e.filename}:${e.lineno ?? 0}:${e.colno ?? 0})` : '';
    return `${e.message}${at}`;
  }
  return 'the worker script failed to load or run (no message; check the worker URL and the console)';
}

/** A Trainer in a worker: the Trainer's methods, each returning a promise that always settles. */
export class TrainerClient {
  /** The comlink remote itself, for calls the client does not wrap (no crash or timeout guard). */
  readonly remote: Remote<Trainer>;
  /** Resolves (never rejects) with the failure once the worker crashes or is terminated. */
  readonly failed: Promise<WorkerError>;
  private failure: WorkerError | null = null;
  private readonly pending = new Set<Pending>();
  private readonly timeoutMs: number;
  private settleFailed!: (e: WorkerError) => void;
  private readonly onError = (event: Event): void => {
    event.preventDefault?.(); // handled here; not also an uncaught page error
    this.fail('crashed', `the trainer worker crashed: ${describeErrorEvent(event)}`);
    this.worker.terminate();
  };
  private readonly onMessage = (event: Event): void => {
    const data = (event as MessageEvent).data as { pixelpilot?: unknown; change?: BackendChange } | null;
    if (data?.pixelpilot === BACKEND_CHANGE_MESSAGE && data.change !== undefined) this.options.onBackendChange?.(data.change);
  };
  private readonly onMessageError = (): void => {
    this.rejectAll('message_error', (m) => `a reply of the trainer worker to ${m}() could not be deserialised`);
  };

  constructor(private readonly worker: WorkerLike, private readonly options: SpawnTrainerOptions = {}) {
    registerErrorTransport();
    this.timeoutMs = options.callTimeoutMs ?? 0;
    if (!(this.timeoutMs >= 0)) throw new RangeError(`callTimeoutMs must be >= 0 (got ${options.callTimeoutMs})`);
    this.failed = new Promise((resolve) => (this.settleFailed = resolve));
    worker.addEventListener('error', this.onError);
    worker.addEventListener('messageerror', this.onMessageError);
    worker.addEventListener('message', this.onMessage);
    this.remote = wrap<Trainer>(worker);
  }

  /** The failure that ended this client, or null while the worker is alive. */
  get failureReason(): WorkerError | null {
    return this.failure;
  }

  /** See Trainer.init. */
  init(options: TrainerInitOptions): Promise<TrainerInitResult> {
    return this.guard('init', () => this.remote.init(options));
  }

  /** See Trainer.act. `obs`'s buffer is transferred: it is detached here once this returns. */
  act(obs: Uint8Array | Float32Array, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch> {
    return this.guard<ActionBatch>('act', () => this.remote.act(transfer(obs, buffersOf([obs])), masks ?? null, options ?? {}));
  }

  /** See Trainer.observe. The step's buffers are transferred unless `options.transfer` is false. */
  observe(step: StepBatch, frame: number, options: ObserveOptions = {}): Promise<TrainReport | null> {
    const arrays = [step.observations, step.nextObservations, step.actions, step.rewards, step.terminated, step.truncated, step.actionMasks, step.nextActionMasks];
    const sent = options.transfer === false ? step : transfer(step, buffersOf(arrays));
    return this.guard('observe', () => this.remote.observe(sent, frame));
  }

  /** See Trainer.exportPolicy: the policy file's bytes. */
  exportPolicy(options: ExportPolicyOptions = {}): Promise<Uint8Array> {
    return this.guard('exportPolicy', () => this.remote.exportPolicy(options));
  }

  /** See Trainer.importPolicy. `bytes` is copied, not transferred. */
  importPolicy(bytes: Uint8Array, options: ImportPolicyOptions = {}): Promise<ImportPolicyResult> {
    return this.guard('importPolicy', () => this.remote.importPolicy(bytes, options));
  }

  /** See Trainer.pretrainOnDemonstrations. */
  pretrainOnDemonstrations(steps: number): Promise<TrainReport> {
    return this.guard('pretrainOnDemonstrations', () => this.remote.pretrainOnDemonstrations(steps));
  }

  /** See Trainer.useDemonstrations. `bytes` is copied, not transferred. */
  useDemonstrations(bytes: Uint8Array, options: UseDemonstrationsOptions = {}): Promise<UseDemonstrationsResult> {
    return this.guard('useDemonstrations', () => this.remote.useDemonstrations(bytes, options));
  }

  /** See Trainer.roundSchedule. */
  roundSchedule(): Promise<RoundSchedule | null> {
    return this.guard('roundSchedule', () => this.remote.roundSchedule());
  }

  /** See Trainer.stats. */
  stats(): Promise<TrainerStats> {
    return this.guard('stats', () => this.remote.stats());
  }

  /** See Trainer.timing. */
  timing(): Promise<TrainerTiming> {
    return this.guard('timing', () => this.remote.timing());
  }

  /** See Trainer.dispose (the worker keeps running; `terminate()` ends it). */
  dispose(): Promise<void> {
    return this.guard('dispose', () => this.remote.dispose());
  }

  /**
   * Ends the worker at once. Pending calls reject with WorkerError reason 'terminated', and so
   * does every later call. Calling it again does nothing.
   */
  terminate(): void {
    if (this.failure !== null) return;
    this.worker.terminate();
    this.fail('terminated', 'the trainer worker was terminated');
  }

  /** Runs `call` unless the worker is gone; rejects on failure or timeout rather than hanging. */
  private guard<T>(method: string, call: () => Promise<T>): Promise<T> {
    if (this.failure !== null) {
      const f = this.failure;
      return Promise.reject(new WorkerError(f.reason, `${method}(): ${f.message}`, method));
    }
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const entry: Pending = { method, reject };
      const done = (): void => {
        this.pending.delete(entry);
        if (timer !== undefined) clearTimeout(timer);
      };
      this.pending.add(entry);
      if (this.timeoutMs > 0) {
        timer = setTimeout(() => {
          done();
          reject(new WorkerError('timeout', `${method}() got no reply from the trainer worker within ${this.timeoutMs} ms`, method));
        }, this.timeoutMs);
      }
      let started: Promise<T>;
      try {
        started = call();
      } catch (e) {
        done();
        reject(e); // e.g. DataCloneError: an argument cannot be sent
        return;
      }
      started.then(
        (v) => (done(), resolve(v)),
        (e) => (done(), reject(e)),
      );
    });
  }

  private rejectAll(reason: WorkerFailure, message: (method: string) => string): void {
    for (const p of [...this.pending]) {
      this.pending.delete(p);
      p.reject(new WorkerError(reason, message(p.method), p.method));
    }
  }

  private fail(reason: WorkerFailure, message: string): void {
    if (this.failure !== null) return;
    this.failure = new WorkerError(reason, message);
    this.worker.removeEventListener('error', this.onError);
    this.worker.removeEventListener('messageerror', this.onMessageError);
    this.worker.removeEventListener('message', this.onMessage);
    this.rejectAll(reason, (m) => `${m}(): ${message}`);
    this.settleFailed(this.failure);
    this.options.onFailure?.(this.failure);
  }
}

/**
 * Starts the trainer worker and returns its client. `worker` is the URL of the bundled
 * worker_entry module (started as a module worker), or a Worker already made.
 */
export function spawnTrainer(worker: string | URL | WorkerLike, options: SpawnTrainerOptions = {}): TrainerClient {
  const w = typeof worker === 'string' || worker instanceof URL
    ? new Worker(worker, { type: 'module', name: options.name ?? 'pixelpilot-trainer' })
    : worker;
  return new TrainerClient(w, options);
}
