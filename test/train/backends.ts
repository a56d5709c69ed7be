/**
 * Test helper for the train suites: runs a block of tests once per backend (cpu, wasm) and
 * checks tensor leaks. Not a test file itself (no `.test.ts`).
 */
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';

/** The backends every numeric suite runs on in Node. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Makes `name` the current backend the way the SDK does (selectBackend registers its wasm fixes). */
export async function useBackend(name: BackendName): Promise<void> {
  await selectBackend({ gpu: name });
  assert.equal(tf.getBackend(), name);
}

/** `describe(backend, body)` once per backend, with that backend current inside. */
export function describeEachBackend(title: string, body: (backend: BackendName) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      before(() => useBackend(backend));
      body(backend);
    });
  }
}

/** Runs `fn` and asserts it left no tensor behind (what it returns must be plain data). */
export async function noLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return out;
}

/** |a - b| <= atol + rtol * |b| elementwise, naming the first index that fails. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-6,
  rtol = 1e-5,
  what = 'value',
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    assert.ok(
      Math.abs(a - b) <= atol + rtol * Math.abs(b),
      `${what}[${i}]: ${a} vs expected ${b} (diff ${Math.abs(a - b)})`,
    );
  }
}
