/** Shared test helpers for the backend suites: run on cpu and wasm, compare, check for leaks. */
import assert from 'node:assert/strict';
import { before, describe } from 'node:test';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';

/** The backends every numeric suite runs on in Node. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;

/** Declares `body` once per backend, inside a describe that selects that backend first. */
export function onEachBackend(name: string, body: (backend: 'cpu' | 'wasm') => void): void {
  for (const backend of NODE_BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      before(async () => {
        const sel = await selectBackend({ gpu: backend });
        assert.equal(sel.backend, backend);
      });
      body(backend);
    });
  }
}

/** Runs `fn` and asserts it left no tensor behind. */
export async function leakFree<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return out;
}

/** max |a - b| / max(max |b|, floor): an error relative to the reference's scale. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let m = 0;
  let s = floor;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return Infinity;
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / s;
}

/** Asserts relErr(actual, expected) < tol, naming what was compared. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  const e = relErr(actual, expected);
  assert.ok(e < tol, `${what}: relative error ${e.toExponential(2)} >= ${tol}`);
}

/** Reads a tensor's values on a given backend-independent path (awaits, never dataSync). */
export async function values(t: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from(await t.data());
}

/** Runs `fn` with the given backend current, then restores the previous one. */
export async function withBackend<T>(backend: 'cpu' | 'wasm', fn: () => Promise<T>): Promise<T> {
  const prev = tf.getBackend();
  await selectBackend({ gpu: backend });
  try {
    return await fn();
  } finally {
    await tf.setBackend(prev);
  }
}
