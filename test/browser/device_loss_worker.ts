/**
 * The trainer worker of device_loss.page.ts: worker_entry.ts's Trainer plus `loseDevice()`, which
 * destroys the WebGPU device under tfjs (what a driver reset or the browser reclaiming the GPU
 * does). Not a test file.
 */
import { expose } from 'comlink';
import { tf } from '../../src/backend/tf';
import { postBackendChange } from '../../src/worker/device_loss';
import { registerErrorTransport } from '../../src/worker/error_transport';
import { Trainer } from '../../src/worker/trainer';

class DeviceLosingTrainer extends Trainer {
  /** Destroys the current backend's GPU device; returns the backend it was on. */
  loseDevice(): string {
    const device = (tf.backend() as unknown as { device?: { destroy(): void } }).device;
    if (device === undefined) throw new Error(`no GPU device on backend ${tf.getBackend()}`);
    device.destroy();
    return tf.getBackend();
  }
}

registerErrorTransport();
expose(new DeviceLosingTrainer({ onBackendChange: postBackendChange }));
