/**
 * A Worker stand-in for Node: a real Trainer exposed with comlink over a MessageChannel, as in a
 * browser's module worker. `crash()` fires the 'error' event a dying worker fires. Not a test file.
 */
import { expose } from 'comlink';
import { registerErrorTransport } from '../../src/worker/error_transport';
import type { WorkerLike } from '../../src/worker/spawn_trainer';
import { Trainer } from '../../src/worker/trainer';

/** A Trainer behind a MessageChannel. */
export class FakeWorker extends EventTarget implements WorkerLike {
  private readonly channel = new MessageChannel();
  terminated = false;
  constructor(target: object = new Trainer()) {
    super();
    registerErrorTransport();
    expose(target, this.channel.port2);
    this.channel.port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data })));
    this.channel.port1.start();
  }
  postMessage(message: unknown, transfer: Transferable[]): void {
    this.channel.port1.postMessage(message, transfer as never);
  }
  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
  /** Fires the 'error' event of a crashed worker. */
  crash(message: string): void {
    const event = new Event('error') as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}
