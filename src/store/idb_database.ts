/**
 * The IndexedDB database policies live in: tfjs's own layout (tfjs-core io/indexed_db.ts), so a
 * record written here is a tfjs `indexeddb://` record and tfjs's `tf.io.listModels()` /
 * `removeModel()` in a browser see it.
 *   database 'tensorflowjs', version 1
 *   'models_store'      {modelPath, modelArtifacts, modelArtifactsInfo}
 *   'model_info_store'  {modelPath, modelArtifactsInfo} (+ our `policy` summary, which tfjs ignores)
 * Why not tfjs's handler itself: it is reachable only when tfjs believes it runs in a browser (in
 * Node with a global indexedDB, `getSaveHandlers('indexeddb://x')` is empty and `listModels()`
 * returns {}), it writes the two stores in two transactions, and it reports success when the put
 * request succeeds, before the transaction commits (a quota failure at commit reads as success).
 */
import { StorageError } from '../util/errors';

/** tfjs's database name and version. */
export const TFJS_DATABASE = 'tensorflowjs';
const TFJS_DATABASE_VERSION = 1;
/** tfjs's store of whole records (topology, weight specs, weight data). */
export const MODEL_STORE = 'models_store';
/** tfjs's store of small per-model summaries, the one `listModels` reads. */
export const INFO_STORE = 'model_info_store';

/** The environment's IndexedDB (browsers, workers, Node with a polyfill), read at each call. */
export function indexedDBFactory(where: string): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory == null) throw new StorageError(`${where}: IndexedDB is not available in this environment (no global indexedDB)`);
  return factory;
}

const describe = (e: unknown): string =>
  e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)
    ? `${(e as Error).name}: ${(e as Error).message}`
    : String(e);

/** Opens the database, creating tfjs's two stores when they do not exist yet. Close it after use. */
export function openPolicyDatabase(where: string): Promise<IDBDatabase> {
  return openDatabase(where, TFJS_DATABASE, TFJS_DATABASE_VERSION, [MODEL_STORE, INFO_STORE]);
}

/**
 * Opens database `name` at `version`, creating the object `stores` (keyPath 'modelPath') that do
 * not exist yet. Close it after use.
 */
export function openDatabase(where: string, name: string, version: number, stores: readonly string[]): Promise<IDBDatabase> {
  const factory = indexedDBFactory(where);
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (e) {
      reject(new StorageError(`${where}: cannot open IndexedDB (${describe(e)})`));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of stores) {
        if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: 'modelPath' });
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database must not wait on us.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(new StorageError(`${where}: cannot open IndexedDB (${describe(request.error)})`));
    request.onblocked = () => reject(new StorageError(`${where}: IndexedDB is blocked by another open connection`));
  });
}

/** Resolves with a request's result, or rejects with a StorageError saying what was being done. */
export function requestResult<T>(request: IDBRequest<T>, where: string, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      event.preventDefault(); // the transaction's own abort reports it; do not rethrow globally
      reject(new StorageError(`${where}: ${what} failed (${describe(request.error)})`));
    };
  });
}

/**
 * Resolves when the transaction has committed; rejects with a StorageError when it aborts (quota,
 * an explicit abort, the page going away). Only `complete` means the data is in the database.
 */
export function transactionDone(tx: IDBTransaction, where: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    const fail = () => reject(new StorageError(`${where}: ${what} was rolled back (${tx.error ? describe(tx.error) : 'aborted'})`));
    tx.onabort = fail;
    tx.onerror = (event) => event.preventDefault(); // onabort follows and rejects
  });
}

/** Runs `body` on an open database (default: the policies') and always closes it. */
export async function withPolicyDatabase<T>(where: string, body: (db: IDBDatabase) => Promise<T>, open: (where: string) => Promise<IDBDatabase> = openPolicyDatabase): Promise<T> {
  const db = await open(where);
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

/** A thrown value as a StorageError (kept as it is when it already is one). */
export function asStorageError(e: unknown, where: string, what: string): StorageError {
  return e instanceof StorageError ? e : new StorageError(`${where}: ${what} failed (${describe(e)})`);
}

/** True for an ArrayBuffer, also one from another realm (IndexedDB's structured clone). */
export const isArrayBuffer = (v: unknown): v is ArrayBuffer => Object.prototype.toString.call(v) === '[object ArrayBuffer]';

/** Whether two byte sequences are equal. */
export function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const y = b instanceof Uint8Array ? b : new Uint8Array(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * A record kept in two halves under one key ('modelPath'): its data, and the small summary a
 * listing reads. Policies (tfjs's two stores) and demonstration files are both kept this way.
 */
export interface RecordStores {
  data: string;
  info: string;
}

/**
 * Puts both halves in one readwrite transaction and reads the data half back before the commit
 * (reads in a readwrite transaction see its own writes): when `readBackProblem` names a
 * difference, or anything fails, the transaction is rolled back and the previous version stays
 * whole. `what` names the thing written (e.g. 'the policy'). StorageError on failure.
 */
export async function putVerified(db: IDBDatabase, where: string, stores: RecordStores, name: string, data: object, info: object, readBackProblem: (record: unknown) => string | undefined, what: string): Promise<void> {
  let problem: StorageError | undefined;
  let tx: IDBTransaction;
  try {
    tx = db.transaction([stores.data, stores.info], 'readwrite');
  } catch (e) {
    throw asStorageError(e, where, 'starting the save');
  }
  const done = transactionDone(tx, where, 'the save');
  try {
    tx.objectStore(stores.data).put(data);
    tx.objectStore(stores.info).put(info);
    const check = tx.objectStore(stores.data).get(name);
    check.onsuccess = () => {
      const why = readBackProblem(check.result);
      if (why !== undefined) {
        problem = new StorageError(`${where}: the record read back before commit is wrong (${why}); the save was rolled back`);
        tx.abort();
      }
    };
  } catch (e) {
    problem = asStorageError(e, where, `writing ${what}`);
    try {
      tx.abort();
    } catch {
      // already finished: `done` reports how
    }
  }
  try {
    await done;
  } catch (e) {
    throw problem ?? e;
  }
  if (problem !== undefined) throw problem;
}

/** Every summary record, and the keys that have a data half (a listing shows records with both). */
export async function readHalves<I>(db: IDBDatabase, where: string, stores: RecordStores, what: string): Promise<{ infos: I[]; present: Set<string> }> {
  try {
    const tx = db.transaction([stores.data, stores.info], 'readonly');
    const [infos, keys] = await Promise.all([
      requestResult(tx.objectStore(stores.info).getAll(), where, what) as Promise<I[]>,
      requestResult(tx.objectStore(stores.data).getAllKeys(), where, what),
    ]);
    return { infos, present: new Set(keys.filter((k): k is string => typeof k === 'string')) };
  } catch (e) {
    throw asStorageError(e, where, what);
  }
}

/**
 * Deletes both halves of `name` in one transaction; either half alone (e.g. left by another tool's
 * two-transaction write) is deleted too. False, and nothing changed, when neither exists.
 */
export async function deleteHalves(db: IDBDatabase, where: string, stores: RecordStores, name: string, what: string): Promise<boolean> {
  let missing = false;
  let tx: IDBTransaction;
  try {
    tx = db.transaction([stores.data, stores.info], 'readwrite');
  } catch (e) {
    throw asStorageError(e, where, `deleting ${what}`);
  }
  const done = transactionDone(tx, where, 'the delete');
  const data = tx.objectStore(stores.data);
  const infos = tx.objectStore(stores.info);
  const inData = data.count(name);
  const inInfos = infos.count(name);
  inInfos.onsuccess = () => {
    if (inData.result === 0 && inInfos.result === 0) {
      missing = true;
      tx.abort();
      return;
    }
    data.delete(name);
    infos.delete(name);
  };
  try {
    await done;
  } catch (e) {
    if (!missing) throw e;
  }
  return !missing;
}
