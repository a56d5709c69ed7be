/**
 * selectBackend leaves the page's console alone: a warning the game prints while a backend
 * initialises reaches console.warn, and a backend that fails to start is reported with its own
 * error. Its own file (own process): it replaces the cpu backend's factory with a slow one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import { BackendError } from '../../src/util/errors';

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Registers `factory` as the cpu backend (the one tfjs-backend-cpu registered is removed first). */
function replaceCpu(factory: () => Promise<MathBackendCPU>): void {
  tf.removeBackend('cpu');
  assert.equal(tf.registerBackend('cpu', factory, 1), true);
}

test("the game's console.warn calls made while a backend initialises reach the console", async () => {
  replaceCpu(async () => {
    await delay(30);
    return new MathBackendCPU();
  });
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    // The game warns while the backend is starting (timers of the game's own code).
    const game = [delay(5).then(() => console.warn('game: low ammo')), delay(15).then(() => console.warn('game: texture missing'))];
    const selection = await selectBackend({ gpu: 'cpu' });
    await Promise.all(game);
    assert.equal(selection.backend, 'cpu');
    assert.equal(console.warn === warn, false, 'the test spy is still in place');
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen.filter((l) => l.startsWith('game:')), ['game: low ammo', 'game: texture missing']);
  assert.equal(tf.getBackend(), 'cpu');
});

test('a backend whose factory fails is reported with its own error and nothing is printed', async () => {
  replaceCpu(async () => {
    await delay(5);
    throw new Error('no cpu today');
  });
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await assert.rejects(selectBackend({ gpu: 'cpu' }), (e: unknown) => {
      assert.ok(e instanceof BackendError);
      assert.equal(e.attempts.length, 1);
      assert.equal(e.attempts[0]!.backend, 'cpu');
      assert.match(e.attempts[0]!.reason, /no cpu today/);
      return true;
    });
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen, []);
});
