/**
 * Where policies live, by URL:
 *   indexeddb://name        IndexedDB (browsers, workers, any environment with a global indexedDB)
 *   https://... http://...  a policy file fetched (bounded size); read only
 *   file:///... or a path   a policy file on disk, in Node
 *   a relative URL          in a browser, a policy file fetched relative to the page; read only
 * Everything loaded goes through readPolicyArtifacts (format, version, sizes, checksum), and
 * nothing is saved that would not pass it.
 */
import type { io } from '@tensorflow/tfjs-core';
import { StorageError } from '../util/errors';
import { weightBuffer } from './artifact_bytes';
import { fetchPolicyBytes, type PolicyReadOptions } from './fetch_policy';
import { INDEXEDDB_SCHEME, loadFromIndexedDB, policyName, saveToIndexedDB } from './idb_policy_store';
import { filePathOf, readPolicyFileBytes, runsInNode, writePolicyFileBytes } from './node_policy_file';
import { readPolicyArtifacts, type PolicyContents } from './policy_read';
import { decodePolicyFile, encodePolicyFile } from './policy_file';

export { deletePolicy, listPolicies, type PolicyListing } from './idb_policy_store';
export { DEFAULT_MAX_POLICY_BYTES, type PolicyReadOptions } from './fetch_policy';

/** What `savePolicy` wrote. */
export interface PolicySaveResult {
  url: string;
  /** SHA-256 (hex) of the weights, from the manifest. */
  checksum: string;
  /** Bytes of weight data. */
  weightBytes: number;
}

/** Where a URL or path points. */
export type Place = { kind: 'indexeddb'; name: string } | { kind: 'http'; url: string } | { kind: 'file'; path: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Where `url` points: IndexedDB, http(s) (or a relative URL in a browser), or a file (a path or file:// in Node). */
export async function placeOf(url: string): Promise<Place> {
  if (typeof url !== 'string' || url.length === 0) throw new StorageError(`policy location must be a non-empty string (got ${JSON.stringify(url)})`);
  if (url.startsWith(INDEXEDDB_SCHEME)) return { kind: 'indexeddb', name: policyName(url) };
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return { kind: 'http', url };
  if (scheme === 'file') return { kind: 'file', path: await filePathOf(url) };
  if (scheme !== undefined) throw new StorageError(`${url}: unsupported scheme "${scheme}://" (use indexeddb://, http(s)://, file:// or a path)`);
  return runsInNode() ? { kind: 'file', path: url } : { kind: 'http', url };
}

/**
 * Saves a policy artefact to `indexeddb://name` or, in Node, to a file (path or file:// URL).
 * The artefact is verified first; a failed save throws StorageError and leaves the previous
 * version intact and loadable (one IndexedDB transaction; a file written aside and renamed).
 */
export async function savePolicy(url: string, artifacts: io.ModelArtifacts): Promise<PolicySaveResult> {
  const place = await placeOf(url);
  const where = place.kind === 'indexeddb' ? `${INDEXEDDB_SCHEME}${place.name}` : url;
  const { manifest } = await readPolicyArtifacts(artifacts, `${where} (policy to save)`);
  const weightBytes = manifest.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (place.kind === 'indexeddb') {
    await saveToIndexedDB(place.name, artifacts, manifest);
  } else if (place.kind === 'file') {
    await writePolicyFileBytes(place.path, asPolicyFile(artifacts));
  } else {
    throw new StorageError(`${url}: cannot save to an http(s) URL; save to indexeddb:// or a file, then upload it`);
  }
  return { url: where, checksum: manifest.checksum, weightBytes };
}

async function loadVerified(url: string, options?: PolicyReadOptions): Promise<{ artifacts: io.ModelArtifacts; contents: PolicyContents }> {
  const place = await placeOf(url);
  let artifacts: io.ModelArtifacts;
  if (place.kind === 'indexeddb') artifacts = await loadFromIndexedDB(place.name);
  else if (place.kind === 'http') artifacts = decodePolicyFile(await fetchPolicyBytes(place.url, options), url);
  else artifacts = decodePolicyFile(await readPolicyFileBytes(place.path, options), url);
  const contents = await readPolicyArtifacts(artifacts, url, options?.maxParams === undefined ? {} : { maxParams: options.maxParams });
  return { artifacts, contents };
}

/**
 * Loads a policy artefact from `indexeddb://name`, an http(s) or relative URL, a file:// URL or
 * a path (Node), and verifies it. Throws StorageError naming the place and what is wrong
 * (missing, too large, truncated, tampered, wrong format version). `options.maxBytes` bounds URL
 * and file reads (default 256 MiB).
 */
export async function loadPolicyArtifacts(url: string, options?: PolicyReadOptions): Promise<io.ModelArtifacts> {
  return (await loadVerified(url, options)).artifacts;
}

/** An artefact as one policy file's bytes (its weights in one buffer). */
function asPolicyFile(artifacts: io.ModelArtifacts): Uint8Array {
  const raw = artifacts.weightData;
  return encodePolicyFile({ ...artifacts, weightData: weightBuffer(raw) });
}

/**
 * Loads and verifies a policy like loadPolicyArtifacts, and returns it as one policy file's bytes
 * (what a Trainer imports) with its verified contents.
 */
export async function loadPolicyFile(url: string, options?: PolicyReadOptions): Promise<{ bytes: Uint8Array; contents: PolicyContents }> {
  const { artifacts, contents } = await loadVerified(url, options);
  return { bytes: asPolicyFile(artifacts), contents };
}

/** Like loadPolicyArtifacts, but returns the verified manifest and weights by name. */
export async function loadPolicy(url: string, options?: PolicyReadOptions): Promise<PolicyContents> {
  return (await loadVerified(url, options)).contents;
}
