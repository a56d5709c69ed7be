import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import { BackendError } from '../../src/util/errors';

describe('selectBackend in Node', () => {
  test('a cpu-only request gives cpu with nothing tried before it', async () => {
    const sel = await selectBackend({ gpu: 'cpu' });
    assert.deepEqual(sel, { backend: 'cpu', attempts: [] });
    assert.equal(tf.getBackend(), 'cpu');
  });

  test("'wasm' works in Node (SIMD, one thread) and finds its .wasm files itself", async () => {
    const sel = await selectBackend({ gpu: 'wasm' });
    assert.equal(sel.backend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(sel.simd, true);
    assert.equal(sel.threads, 1);
    const t = tf.add(tf.scalar(1), tf.scalar(2));
    assert.equal((await t.data())[0], 3);
    t.dispose();
  });

  test("'webgpu' fails with a recorded reason and an impossible request throws BackendError", async () => {
    await assert.rejects(selectBackend({ gpu: 'webgpu' }), (e: unknown) => {
      assert.ok(e instanceof BackendError);
      assert.equal(e.code, 'BACKEND_UNAVAILABLE');
      assert.equal(e.attempts.length, 1);
      assert.equal(e.attempts[0].backend, 'webgpu');
      assert.match(e.attempts[0].reason, /navigator\.gpu/);
      assert.match(e.message, /webgpu: navigator\.gpu/);
      return true;
    });
  });

  test("'auto' (the default) falls back to wasm and reports the webgpu attempt", async () => {
    await selectBackend({ gpu: 'cpu' });
    const sel = await selectBackend();
    assert.equal(sel.backend, 'wasm');
    assert.deepEqual(sel.attempts.map((a) => a.backend), ['webgpu']);
    assert.match(sel.attempts[0].reason, /navigator\.gpu/);
    const auto = await selectBackend({ gpu: true });
    assert.equal(auto.backend, 'wasm');
  });

  test('gpu: false skips WebGPU', async () => {
    const sel = await selectBackend({ gpu: false });
    assert.equal(sel.backend, 'wasm');
    assert.deepEqual(sel.attempts, []);
  });

  test('an unknown backend name is refused with a BackendError', async () => {
    await assert.rejects(selectBackend({ gpu: 'tpu' as 'cpu' }), (e: unknown) => e instanceof BackendError && /unknown backend/.test(e.message));
  });

  test('the cpu backend prints no "running TensorFlow.js in Node.js" banner', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      await selectBackend({ gpu: 'cpu' });
      tf.tensor([1, 2, 3]).dispose();
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warnings.filter((w) => /Node\.js/.test(w)), []);
  });
});
