/**
 * The message a worker posts when training moved to another backend by itself (a lost WebGPU
 * device, see device_loss.ts), and its shape. Free of tfjs: the main thread's client reads it.
 */
import type { BackendName } from '../backend/select_backend';
import type { BackendAttempt } from '../util/errors';

export interface BackendChange {
  from: BackendName;
  to: BackendName;
  /** Why: the device's loss reason and message. */
  reason: string;
  /** Variables given back their last copy. */
  restored: number;
  /** Variables created after the last copy (none in practice), left as the new backend reads them. */
  unrestored: string[];
  /** Backends tried before `to`, each with why it failed. */
  attempts: BackendAttempt[];
}

/** The `pixelpilot` field of the worker's backend-change message (comlink ignores messages without an id). */
export const BACKEND_CHANGE_MESSAGE = 'backend-change';

/** In a worker: posts a backend change to the main thread, where TrainerClient picks it up. */
export function postBackendChange(change: BackendChange): void {
  (globalThis as unknown as { postMessage(m: unknown): void }).postMessage({ pixelpilot: BACKEND_CHANGE_MESSAGE, change });
}
