/**
 * Demonstration files in IndexedDB under `indexeddb://name`, in a database of their own
 * ('pixelpilot-demos'), so they never mix with policies (tfjs's 'tensorflowjs' database) in
 * listings, and tfjs's own tools never see them:
 *   'demos'      {modelPath: name, bytes: ArrayBuffer}   the file's bytes
 *   'demo_info'  {modelPath: name, summary}              what `listDemos` reads
 * A save is one readwrite transaction over both stores that reads the record back and compares
 * it byte for byte before the commit (as policies' saves), so a failed save leaves the previous
 * version whole. Callers verify the bytes (decodeDemoFile) before saving and after loading.
 */
import { StorageError } from '../util/errors';
import { asStorageError, openDatabase, requestResult, transactionDone, withPolicyDatabase } from './idb_database';
import { INDEXEDDB_SCHEME, policyName } from './idb_policy_store';

/** The database of demonstrations. */
export const DEMOS_DATABASE = 'pixelpilot-demos';
const DEMOS_VERSION = 1;
const BYTES_STORE = 'demos';
const INFO_STORE = 'demo_info';

/** One stored demonstration file as `listDemos` reports it. */
export interface DemoListing {
  name: string;
  /** `indexeddb://name`. */
  url: string;
  /** When this version was written to the store. */
  savedAt: Date;
  /** Bytes of the file. */
  bytes: number;
  steps: number;
  episodes: number;
  /** The file's SHA-256 checksum (its header's). */
  checksum: string;
  /** The file's creation time (ISO 8601). */
  createdAt: string;
  /** Who or what played, as recorded. */
  source: string | null;
}

/** What the info record carries. */
export type DemoSummary = Omit<DemoListing, 'name' | 'url' | 'savedAt'> & { savedAt: string };

const open = (where: string): Promise<IDBDatabase> => openDatabase(where, DEMOS_DATABASE, DEMOS_VERSION, [BYTES_STORE, INFO_STORE]);
const isArrayBuffer = (v: unknown): v is ArrayBuffer => Object.prototype.toString.call(v) === '[object ArrayBuffer]';

function sameBytes(a: ArrayBuffer, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  for (let i = 0; i < x.length; i++) if (x[i] !== b[i]) return false;
  return true;
}

/** The store name of `indexeddb://name` or of a bare `name` (policies' rules: 1-1024 characters, no control characters). */
export function demoName(nameOrUrl: string): string {
  return policyName(nameOrUrl);
}

/** Writes verified demonstration bytes under `name`, replacing any previous version atomically. */
export async function saveDemosToIndexedDB(name: string, bytes: Uint8Array, summary: Omit<DemoSummary, 'savedAt' | 'bytes'>): Promise<void> {
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const data = new Uint8Array(bytes).buffer;
  const info: DemoSummary = { ...summary, bytes: bytes.length, savedAt: new Date().toISOString() };
  await withPolicyDatabase(where, async (db) => {
    let problem: StorageError | undefined;
    let tx: IDBTransaction;
    try {
      tx = db.transaction([BYTES_STORE, INFO_STORE], 'readwrite');
    } catch (e) {
      throw asStorageError(e, where, 'starting the save');
    }
    const done = transactionDone(tx, where, 'the save');
    try {
      tx.objectStore(BYTES_STORE).put({ modelPath: name, bytes: data });
      tx.objectStore(INFO_STORE).put({ modelPath: name, summary: info });
      const check = tx.objectStore(BYTES_STORE).get(name);
      check.onsuccess = () => {
        const got = (check.result as { bytes?: unknown } | undefined)?.bytes;
        if (!isArrayBuffer(got) || !sameBytes(got, bytes)) {
          problem = new StorageError(`${where}: the record read back before commit differs; the save was rolled back`);
          tx.abort();
        }
      };
    } catch (e) {
      problem = asStorageError(e, where, 'writing the demonstrations');
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
  }, open);
}

/** The stored bytes of `name` (not yet verified). StorageError naming a missing record. */
export async function loadDemosFromIndexedDB(name: string): Promise<Uint8Array> {
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const record = await withPolicyDatabase(where, async (db) => {
    try {
      return await requestResult(db.transaction(BYTES_STORE, 'readonly').objectStore(BYTES_STORE).get(name), where, 'reading the demonstrations');
    } catch (e) {
      throw asStorageError(e, where, 'reading the demonstrations');
    }
  }, open);
  if (record == null) throw new StorageError(`${where}: no demonstrations named ${JSON.stringify(name)} in IndexedDB`);
  const bytes = (record as { bytes?: unknown }).bytes;
  if (!isArrayBuffer(bytes)) throw new StorageError(`${where}: the stored record has no bytes`);
  return new Uint8Array(bytes);
}

/** The demonstration files in IndexedDB, sorted by name (records with both halves only). */
export async function listDemos(): Promise<DemoListing[]> {
  const where = `${INDEXEDDB_SCHEME}* (demonstrations)`;
  const { infos, keys } = await withPolicyDatabase(where, async (db) => {
    try {
      const tx = db.transaction([BYTES_STORE, INFO_STORE], 'readonly');
      const [infos, keys] = await Promise.all([
        requestResult(tx.objectStore(INFO_STORE).getAll(), where, 'listing demonstrations') as Promise<{ modelPath: unknown; summary?: DemoSummary }[]>,
        requestResult(tx.objectStore(BYTES_STORE).getAllKeys(), where, 'listing demonstrations'),
      ]);
      return { infos, keys };
    } catch (e) {
      throw asStorageError(e, where, 'listing demonstrations');
    }
  }, open);
  const present = new Set(keys.filter((k): k is string => typeof k === 'string'));
  return infos
    .filter((r): r is { modelPath: string; summary: DemoSummary } => typeof r.modelPath === 'string' && present.has(r.modelPath) && r.summary != null)
    .map((r) => ({ ...r.summary, name: r.modelPath, url: `${INDEXEDDB_SCHEME}${r.modelPath}`, savedAt: new Date(r.summary.savedAt) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Deletes `name` (or `indexeddb://name`) in one transaction. StorageError when there is none. */
export async function deleteDemos(nameOrUrl: string): Promise<void> {
  const name = demoName(nameOrUrl);
  const where = `${INDEXEDDB_SCHEME}${name}`;
  await withPolicyDatabase(where, async (db) => {
    let missing = false;
    let tx: IDBTransaction;
    try {
      tx = db.transaction([BYTES_STORE, INFO_STORE], 'readwrite');
    } catch (e) {
      throw asStorageError(e, where, 'deleting the demonstrations');
    }
    const done = transactionDone(tx, where, 'the delete');
    const bytes = tx.objectStore(BYTES_STORE);
    const infos = tx.objectStore(INFO_STORE);
    const inBytes = bytes.count(name);
    const inInfos = infos.count(name);
    inInfos.onsuccess = () => {
      if (inBytes.result === 0 && inInfos.result === 0) {
        missing = true;
        tx.abort();
        return;
      }
      bytes.delete(name);
      infos.delete(name);
    };
    try {
      await done;
    } catch (e) {
      if (!missing) throw e;
    }
    if (missing) throw new StorageError(`${where}: no demonstrations named ${JSON.stringify(name)} in IndexedDB to delete`);
  }, open);
}
