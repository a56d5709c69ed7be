// Failure injection: a save that fails at any step must leave the previous version intact,
// loadable, and the only one listed. Every IndexedDB call a save makes (open, transaction, each
// put/get) is made to fail in turn, in each way a real save can fail:
//   throw          the call throws (QuotaExceededError, DataCloneError, a closed database)
//   abort          the transaction is aborted right after the call (the tab closing mid-way)
//   abort-after    the call succeeds, then the transaction aborts (quota exceeded at commit)
//   corrupt        the call succeeds but a read returns altered bytes (a bad round trip)
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { listPolicies, loadPolicy, savePolicy } from '../../src/store/policy_store';
import { StorageError } from '../../src/util/errors';
import { freshIndexedDB, makePolicy, plain, rawDatabase, result } from './policy_fixture';

beforeEach(freshIndexedDB);

type Mode = 'throw' | 'abort' | 'abort-after' | 'corrupt';
type Target = { proto: object; method: string };

const targets = (): Target[] => [
  { proto: IDBFactory.prototype, method: 'open' },
  { proto: IDBDatabase.prototype, method: 'transaction' },
  ...['put', 'get', 'delete', 'count', 'getAll', 'getAllKeys'].map((method) => ({ proto: IDBObjectStore.prototype, method })),
];

/** Makes the call number `at` (0-based, over all targets) fail in `mode`; returns how many calls were seen. */
function inject(at: number, mode: Mode): { calls: () => number; fired: () => string | undefined; restore: () => void } {
  let n = 0;
  let fired: string | undefined;
  const originals = targets().map((t) => ({ ...t, fn: (t.proto as Record<string, Function>)[t.method]! }));
  for (const o of originals) {
    (o.proto as Record<string, Function>)[o.method] = function (this: unknown, ...args: unknown[]) {
      const index = n++;
      if (index !== at) return o.fn.apply(this, args);
      fired = `${o.method} (call ${index}, ${mode})`;
      if (mode === 'throw') throw new DOMException('injected failure', 'QuotaExceededError');
      const value = o.fn.apply(this, args);
      const tx = this instanceof IDBObjectStore ? this.transaction : value instanceof IDBTransaction ? value : undefined;
      const request = value instanceof IDBRequest ? value : undefined;
      if (mode === 'abort') {
        if (tx) tx.abort();
        else if (request) request.addEventListener('success', () => (request.result as IDBDatabase).close());
      } else if (mode === 'abort-after') {
        // (open and a bare transaction have nothing to fail after: those saves succeed)
        if (request && tx) request.addEventListener('success', () => tx.abort());
      } else if (mode === 'corrupt' && request) {
        request.addEventListener('success', () => {
          const data = (request.result as { modelArtifacts?: tf.io.ModelArtifacts } | undefined)?.modelArtifacts?.weightData;
          if (data instanceof ArrayBuffer) new Uint8Array(data)[0]! ^= 0xff;
        });
      }
      return value;
    };
  }
  return {
    calls: () => n,
    fired: () => fired,
    restore: () => {
      for (const o of originals) (o.proto as Record<string, Function>)[o.method] = o.fn;
    },
  };
}

async function expectOnly(name: string, expected: { checksum: string; weights: Map<string, number[]> } | undefined, label: string) {
  const listed = await listPolicies();
  const counts = await rawDatabase(async (db) => {
    const tx = db.transaction(['models_store', 'model_info_store'], 'readonly');
    return [await result(tx.objectStore('models_store').count()), await result(tx.objectStore('model_info_store').count())];
  });
  if (expected === undefined) {
    assert.deepEqual(listed, [], label);
    assert.deepEqual(counts, [0, 0], `${label}: no half-written record`);
    await assert.rejects(loadPolicy(`indexeddb://${name}`), /no policy named/, label);
    return;
  }
  assert.deepEqual(listed.map((l) => [l.name, l.checksum]), [[name, expected.checksum]], label);
  assert.deepEqual(counts, [1, 1], `${label}: no stray record`);
  const contents = await loadPolicy(`indexeddb://${name}`);
  assert.equal(contents.manifest.checksum, expected.checksum, label);
  assert.deepEqual(plain(contents.weights), expected.weights, label);
}

for (const mode of ['throw', 'abort', 'abort-after', 'corrupt'] as Mode[]) {
  test(`a save failing at any step (${mode}) leaves the previous version intact and alone`, async () => {
    const before = tf.memory().numTensors;
    const v1 = await makePolicy(1, 1);
    const v2 = await makePolicy(2, 2);
    let failedSteps = 0;
    for (let at = 0; ; at++) {
      freshIndexedDB();
      await savePolicy('indexeddb://p', v1.artifacts);
      const probe = inject(at, mode);
      let outcome: unknown;
      try {
        outcome = await savePolicy('indexeddb://p', v2.artifacts).catch((e: unknown) => e);
      } finally {
        probe.restore();
      }
      const fired = probe.fired();
      if (fired === undefined) {
        // Past the last call the save makes: it succeeded, and the new version is there.
        assert.ok(!(outcome instanceof Error), `save without a failure: ${outcome}`);
        await expectOnly('p', v2, 'after a clean save');
        break;
      }
      if (outcome instanceof Error) {
        failedSteps++;
        assert.ok(outcome instanceof StorageError, `${fired}: ${outcome}`);
        assert.match(outcome.message, /^indexeddb:\/\/p: /, fired);
        await expectOnly('p', v1, fired);
      } else {
        // Some injections do not hurt (abort-after on a bare transaction); then v2 must be whole.
        await expectOnly('p', v2, `${fired} (save succeeded)`);
      }
      // The store still works after the failure.
      await savePolicy('indexeddb://p', v2.artifacts);
      await expectOnly('p', v2, `${fired}: saving again`);
    }
    assert.ok(failedSteps >= (mode === 'corrupt' ? 1 : 3), `failures were injected into ${failedSteps} steps`);
    assert.equal(tf.memory().numTensors, before);
  });
}

test('a first save that fails leaves nothing behind', async () => {
  const v1 = await makePolicy(1);
  for (const at of [1, 2, 3, 4]) {
    freshIndexedDB();
    const probe = inject(at, 'abort-after');
    const outcome = await savePolicy('indexeddb://fresh', v1.artifacts).catch((e: unknown) => e).finally(probe.restore);
    if (probe.fired() === undefined) break;
    if (outcome instanceof Error) await expectOnly('fresh', undefined, probe.fired()!);
  }
});
