/**
 * The module worker script: exposes one Trainer over comlink, with typed errors carried as data
 * (error_transport.ts), and tells the main thread when training moved off a lost WebGPU device
 * (device_loss.ts). Bundle it as an ES module and start it with `spawnTrainer(url)`.
 */
import { expose } from 'comlink';
import { postBackendChange } from './device_loss';
import { registerErrorTransport } from './error_transport';
import { Trainer } from './trainer';

registerErrorTransport();
expose(new Trainer({ onBackendChange: postBackendChange }));
