/**
 * WebGPU device loss, inside the worker. A GPU device can be lost at any time (driver reset, the
 * browser reclaiming the GPU, `device.destroy()`); tfjs-backend-webgpu does not notice, and every
 * tensor on the device is gone: nothing can be read back afterwards. So while the Trainer runs on
 * WebGPU, the guard keeps a CPU copy of every tf.Variable (net weights, optimizer slots, target
 * nets: the SDK keeps long-lived state only in Variables), refreshed after each change
 * (`snapshot`: init, each training round, each import). When the device's `lost` promise settles,
 * `recover` makes wasm (else cpu) tfjs' backend and assigns every Variable its copy, so training
 * goes on from the weights of the last training round; replay memories are typed arrays and
 * survive as they are.
 */
import { selectBackend } from '../backend/select_backend';
import { tf } from '../backend/tf';
import type { BackendChange } from './backend_change';

/** What a move off a lost device did (sent to the main thread; the Agent emits it as 'backend-change'). */

interface VariableCopy {
  data: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: tf.DataType;
}

interface DeviceLike {
  lost?: Promise<{ reason?: string; message?: string }>;
}

/** The current backend's WebGPU device, or null on other backends. */
function currentDevice(): DeviceLike | null {
  const device = (tf.backend() as { device?: DeviceLike }).device;
  return device != null && device.lost instanceof Promise ? device : null;
}

/** Watches one WebGPU device and keeps what is needed to go on without it. */
export class DeviceLossGuard {
  private copies: Map<string, VariableCopy> | null = null;
  private lostReason: string | null = null;
  private ended = false;

  /**
   * @param onLost called once when the device is lost (not after `end()`), e.g. to schedule
   *   `recover` on the Trainer's queue.
   */
  private constructor(private readonly device: DeviceLike, onLost: () => void) {
    void device.lost!.then((info) => {
      if (this.ended) return;
      this.lostReason = `the WebGPU device was lost (${info?.reason ?? 'unknown'}${info?.message ? `: ${info.message}` : ''})`;
      onLost();
    });
  }

  /** A guard for the current backend's device; null when the backend is not WebGPU. */
  static forCurrentBackend(onLost: () => void): DeviceLossGuard | null {
    const device = currentDevice();
    return device === null ? null : new DeviceLossGuard(device, onLost);
  }

  /**
   * After a call failed: waits up to `ms` for the device's loss to be reported (it can follow the
   * first failed read by a moment); true when the device is lost.
   */
  async lostAfter(ms: number): Promise<boolean> {
    if (this.lostReason === null && !this.ended) {
      await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, ms))]);
      await Promise.resolve(); // let the lost handler run first
    }
    return this.lostReason !== null;
  }

  /** Why the device was lost, or null while it is fine. */
  get lost(): string | null {
    return this.lostReason;
  }

  /**
   * Copies every Variable to the CPU (awaiting each read: never dataSync on WebGPU). The copy is
   * replaced only when every read succeeds, so a read that fails on a dying device keeps the last
   * good one.
   */
  async snapshot(): Promise<void> {
    if (this.lostReason !== null || this.ended) return;
    const next = new Map<string, VariableCopy>();
    const variables = tf.engine().state.registeredVariables;
    try {
      for (const [name, v] of Object.entries(variables)) {
        next.set(name, { data: (await v.data()) as VariableCopy['data'], shape: [...v.shape], dtype: v.dtype });
      }
    } catch {
      return;
    }
    if (this.lostReason === null) this.copies = next;
  }

  /**
   * Moves to wasm (else cpu) and gives every Variable its last copy. BackendError when neither
   * starts. Ends the guard.
   */
  async recover(wasmPaths: string | undefined): Promise<BackendChange> {
    this.ended = true;
    const reason = this.lostReason ?? 'the WebGPU device was lost';
    const selection = await selectBackend({ gpu: false, ...(wasmPaths === undefined ? {} : { wasmPaths }) });
    let restored = 0;
    const unrestored: string[] = [];
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) {
      const copy = this.copies?.get(name);
      if (copy === undefined || copy.dtype !== v.dtype || copy.shape.join() !== v.shape.join()) {
        unrestored.push(name);
        continue;
      }
      const t = tf.tensor(copy.data, copy.shape, copy.dtype);
      v.assign(t);
      t.dispose();
      restored++;
    }
    this.copies = null;
    return { from: 'webgpu', to: selection.backend, reason, restored, unrestored, attempts: selection.attempts };
  }

  /** Stops watching (the Trainer was disposed or re-initialised; a later loss is not this Trainer's). */
  end(): void {
    this.ended = true;
    this.copies = null;
  }
}

export { BACKEND_CHANGE_MESSAGE, postBackendChange, type BackendChange } from './backend_change';
