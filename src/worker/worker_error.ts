/**
 * Failures of the worker itself (not of the work it was asked to do): the worker script failed to
 * load or crashed, was terminated while a call was pending, a call outlived its timeout, or a reply
 * could not be deserialised. Errors thrown *by* the Trainer keep their own class across the
 * boundary (see error_transport.ts); this one is made on the main thread.
 */
import { PixelpilotError } from '../util/errors';

/** Why a worker call failed. */
export type WorkerFailure = 'crashed' | 'terminated' | 'timeout' | 'message_error';

/** A worker call that cannot complete. Code `WORKER_FAILED`; `reason` says why, `method` which call. */
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
