// Shared by the policy store tests: small real policies built from a spec, and an isolated
// in-memory IndexedDB per test (fake-indexeddb).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { tf } from '../../src/backend/tf';
import { buildNet, type Net } from '../../src/net/net';
import { resolveSpec } from '../../src/spec/index';
import { policyArtifacts } from '../../src/store/policy_artifact';
import { Rng } from '../../src/util/rng';

const { spec } = resolveSpec({
  agent: {
    name: 'a',
    algorithm: { name: 'DQN', action_policy: 'boltzmann', explore_var_spec: { name: 'no_decay', start_val: 1, end_val: 1, start_step: 0, end_step: 0 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
    memory: { name: 'Replay', batch_size: 2, max_size: 10 },
    net: { type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 0, 1]], fc_hid_layers: [8], batch_norm: true },
  },
  env: { name: 'catch' },
});

/** A policy built from a small real net (seeded), with its weights as plain arrays. */
export interface TestPolicy {
  artifacts: tf.io.ModelArtifacts;
  checksum: string;
  weights: Map<string, number[]>;
}

/** Builds a policy from a fresh net with this seed; the net is disposed before returning. */
export async function makePolicy(seed: number, frames = 100): Promise<TestPolicy> {
  const net: Net = buildNet(spec.agent.net, { inShape: [7, 7, 1], outDims: [3], rng: new Rng(seed) });
  try {
    const artifacts = await policyArtifacts({
      spec,
      observation: { shape: [7, 7, 1], dtype: 'uint8', frameStack: 1 },
      actionSpace: { type: 'discrete', n: 3 },
      frames,
      nets: new Map([['net', net]]),
    });
    const weights = new Map<string, number[]>();
    for (const p of [...net.parameters, ...net.buffers]) weights.set(`net/${p.name}`, Array.from(await p.variable.data()));
    return { artifacts, checksum: (artifacts.modelTopology as { checksum: string }).checksum, weights };
  } finally {
    net.dispose();
  }
}

/** Plain arrays of verified weights, for deepEqual. */
export const plain = (weights: Map<string, Float32Array>): Map<string, number[]> =>
  new Map([...weights].map(([k, v]) => [k, Array.from(v)]));

/** Gives this test its own empty IndexedDB (the global one the store reads at each call). */
export function freshIndexedDB(): void {
  (globalThis as { indexedDB?: IDBFactory }).indexedDB = new IDBFactory();
}

/** Runs `body` on the raw 'tensorflowjs' database (to inspect or tamper with records). */
export function rawDatabase<T>(body: (db: IDBDatabase) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      body(db).then(
        (v) => {
          db.close();
          resolve(v);
        },
        (e) => {
          db.close();
          reject(e);
        },
      );
    };
  });
}

/** A request's result as a promise. */
export const result = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** Rewrites the stored record of `name` in place (models_store) with `mutate`. */
export async function tamper(name: string, mutate: (record: { modelArtifacts: tf.io.ModelArtifacts }) => void): Promise<void> {
  await rawDatabase(async (db) => {
    const tx = db.transaction('models_store', 'readwrite');
    const store = tx.objectStore('models_store');
    const record = await result(store.get(name));
    mutate(record);
    await result(store.put(record));
  });
}
