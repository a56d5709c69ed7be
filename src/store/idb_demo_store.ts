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
import { asStorageError, deleteHalves, isArrayBuffer, openDatabase, putVerified, readHalves, requestResult, sameBytes, withPolicyDatabase, type RecordStores } from './idb_database';
import { INDEXEDDB_SCHEME, policyName } from './idb_policy_store';

/** The database of demonstrations. */
export const DEMOS_DATABASE = 'pixelpilot-demos';
const DEMOS_VERSION = 1;
const BYTES_STORE = 'demos';
const DEMO_STORES: RecordStores = { data: BYTES_STORE, info: 'demo_info' };

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

const open = (where: string): Promise<IDBDatabase> => openDatabase(where, DEMOS_DATABASE, DEMOS_VERSION, [DEMO_STORES.data, DEMO_STORES.info]);

/** The store name of `indexeddb://name` or of a bare `name` (policies' rules: 1-1024 characters, no control characters). */
export function demoName(nameOrUrl: string): string {
  return policyName(nameOrUrl);
}

/** Writes verified demonstration bytes under `name`, replacing any previous version atomically. */
export async function saveDemosToIndexedDB(name: string, bytes: Uint8Array, summary: Omit<DemoSummary, 'savedAt' | 'bytes'>): Promise<void> {
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const data = new Uint8Array(bytes).buffer;
  const info: DemoSummary = { ...summary, bytes: bytes.length, savedAt: new Date().toISOString() };
  const readBack = (record: unknown): string | undefined => {
    const got = (record as { bytes?: unknown } | undefined)?.bytes;
    return isArrayBuffer(got) && sameBytes(got, bytes) ? undefined : 'the bytes differ';
  };
  await withPolicyDatabase(where, (db) => putVerified(db, where, DEMO_STORES, name, { modelPath: name, bytes: data }, { modelPath: name, summary: info }, readBack, 'the demonstrations'), open);
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
  const { infos, present } = await withPolicyDatabase(where, (db) => readHalves<{ modelPath: unknown; summary?: DemoSummary }>(db, where, DEMO_STORES, 'listing demonstrations'), open);
  return infos
    .filter((r): r is { modelPath: string; summary: DemoSummary } => typeof r.modelPath === 'string' && present.has(r.modelPath) && r.summary != null)
    .map((r) => ({ ...r.summary, name: r.modelPath, url: `${INDEXEDDB_SCHEME}${r.modelPath}`, savedAt: new Date(r.summary.savedAt) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Deletes `name` (or `indexeddb://name`) in one transaction. StorageError when there is none. */
export async function deleteDemos(nameOrUrl: string): Promise<void> {
  const name = demoName(nameOrUrl);
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const deleted = await withPolicyDatabase(where, (db) => deleteHalves(db, where, DEMO_STORES, name, 'the demonstrations'), open);
  if (!deleted) throw new StorageError(`${where}: no demonstrations named ${JSON.stringify(name)} in IndexedDB to delete`);
}
