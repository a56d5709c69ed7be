/**
 * Where demonstration files live, by URL, as policies (policy_store.ts):
 *   indexeddb://name        IndexedDB, in a database of their own (idb_demo_store.ts)
 *   https://... http://...  a file fetched (bounded size); read only
 *   file:///... or a path   a file on disk, in Node (written aside and renamed: atomic)
 *   a relative URL          in a browser, fetched relative to the page; read only
 * Nothing is saved that would not load (the bytes are decoded and verified first), and
 * everything loaded is verified (decodeDemoFile); `downloadDemoFile` gives the bytes to a player.
 */
import { StorageError } from '../util/errors';
import { decodeDemoFile, type DemoFile } from './demo_file';
import { downloadPolicyFile } from './download_policy';
import { fetchPolicyBytes, type PolicyReadOptions } from './fetch_policy';
import { deleteDemos, listDemos, loadDemosFromIndexedDB, saveDemosToIndexedDB, type DemoListing } from './idb_demo_store';
import { INDEXEDDB_SCHEME } from './idb_policy_store';
import { readPolicyFileBytes, writePolicyFileBytes } from './node_policy_file';
import { placeOf } from './policy_store';

export { deleteDemos, listDemos, type DemoListing };

/** The largest demonstration file read from a URL or a file unless told otherwise: 1 GiB. */
export const DEFAULT_MAX_DEMO_BYTES = 1024 * 1024 * 1024;

/**
 * Offers demonstration file bytes to the player as a download (browsers; StorageError elsewhere):
 * to keep, share or upload elsewhere (`saveDemos` and `Trainer.useDemonstrations` take the bytes back).
 */
export function downloadDemoFile(bytes: Uint8Array, fileName = 'demos.pxdemo'): void {
  downloadPolicyFile(bytes, fileName);
}

/** What `saveDemos` wrote. */
export interface DemoSaveResult {
  url: string;
  checksum: string;
  steps: number;
  episodes: number;
  bytes: number;
}

/**
 * Saves demonstration file bytes to `indexeddb://name` or, in Node, to a file (path or file://).
 * The bytes are verified first (StorageError if they would not load); a failed save leaves the
 * previous version intact.
 */
export async function saveDemos(url: string, bytes: Uint8Array): Promise<DemoSaveResult> {
  const place = await placeOf(url);
  const where = place.kind === 'indexeddb' ? `${INDEXEDDB_SCHEME}${place.name}` : url;
  if (!(bytes instanceof Uint8Array)) throw new StorageError(`${where}: demonstrations to save must be a Uint8Array of a demonstration file`);
  const { manifest } = await decodeDemoFile(bytes, `${where} (demonstrations to save)`);
  const summary = { steps: manifest.steps, episodes: manifest.episodes.length, checksum: manifest.checksum, createdAt: manifest.createdAt, source: manifest.source };
  if (place.kind === 'indexeddb') await saveDemosToIndexedDB(place.name, bytes, summary);
  else if (place.kind === 'file') await writePolicyFileBytes(place.path, bytes, 'demonstration file');
  else throw new StorageError(`${url}: cannot save to an http(s) URL; save to indexeddb:// or a file, then upload it`);
  return { url: where, checksum: manifest.checksum, steps: manifest.steps, episodes: manifest.episodes.length, bytes: bytes.length };
}

/** A demonstration file's bytes from IndexedDB, a URL or a file, not yet verified (`options.maxBytes` bounds reads; default 1 GiB). */
export async function loadDemoBytes(url: string, options: Pick<PolicyReadOptions, 'maxBytes' | 'signal'> = {}): Promise<Uint8Array> {
  const place = await placeOf(url);
  const read = { maxBytes: options.maxBytes ?? DEFAULT_MAX_DEMO_BYTES, ...(options.signal ? { signal: options.signal } : {}) };
  if (place.kind === 'indexeddb') return loadDemosFromIndexedDB(place.name);
  if (place.kind === 'http') return fetchPolicyBytes(place.url, read);
  return readPolicyFileBytes(place.path, read, 'demonstration file');
}

/** Loads and verifies a demonstration file (see loadDemoBytes and decodeDemoFile). */
export async function loadDemos(url: string, options: Pick<PolicyReadOptions, 'maxBytes' | 'signal'> = {}): Promise<DemoFile> {
  return decodeDemoFile(await loadDemoBytes(url, options), url);
}
