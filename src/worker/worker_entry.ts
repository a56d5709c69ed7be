/**
 * The module worker script: exposes one Trainer over comlink, with typed errors carried as data
 * (error_transport.ts). Bundle it as an ES module and start it with `spawnTrainer(url)`.
 */
import { expose } from 'comlink';
import { registerErrorTransport } from './error_transport';
import { Trainer } from './trainer';

registerErrorTransport();
expose(new Trainer());
