/**
 * Policies in IndexedDB under `indexeddb://name`, in tfjs's layout (see idb_database.ts).
 *
 * A save is one readwrite transaction over both stores: put the record, put its summary, read the
 * record back and compare it byte for byte with what was meant to be written; any difference
 * aborts the transaction. IndexedDB commits a transaction whole or not at all, so a save that fails
 * anywhere (an exception, quota at commit, the tab closing) leaves the previous version exactly as
 * it was, and no half-written record is ever visible. Success is reported only on `complete`.
 */
import type { io } from '@tensorflow/tfjs-core';
import { StorageError } from '../util/errors';
import { artifactsInfo, weightBuffer } from './artifact_bytes';
import {
  asStorageError,
  deleteHalves,
  INFO_STORE,
  isArrayBuffer,
  MODEL_STORE,
  putVerified,
  readHalves,
  requestResult,
  sameBytes,
  withPolicyDatabase,
  type RecordStores,
} from './idb_database';
import type { PolicyManifest } from './policy_manifest';

/** tfjs's two stores: the whole record, and the summary its listModels reads (and ours). */
const POLICY_STORES: RecordStores = { data: MODEL_STORE, info: INFO_STORE };

/** The URL scheme of policies in IndexedDB (the same as tfjs's). */
export const INDEXEDDB_SCHEME = 'indexeddb://';

/** One stored policy as `listPolicies` reports it, read from the small summary record only. */
export interface PolicyListing {
  /** The name under which it is stored. */
  name: string;
  /** `indexeddb://name`. */
  url: string;
  /** When this version was written to the store. */
  savedAt: Date;
  /** Bytes of weight data. */
  weightBytes: number;
  /** The manifest's SHA-256 of the weights. */
  checksum: string;
  /** The manifest's env frames trained. */
  frames: number;
  /** The manifest's creation time (ISO 8601). */
  createdAt: string;
}

/** What the info record carries beside tfjs's ModelArtifactsInfo. */
interface PolicySummary {
  checksum: string;
  frames: number;
  createdAt: string;
  formatVersion: number;
}

interface InfoRecord {
  modelPath: string;
  modelArtifactsInfo: io.ModelArtifactsInfo;
  policy?: PolicySummary;
}

/**
 * The store name of `indexeddb://name` or of a bare `name`. Names are non-empty, at most 1024
 * characters, without control characters.
 */
export function policyName(nameOrUrl: string): string {
  const name = nameOrUrl.startsWith(INDEXEDDB_SCHEME) ? nameOrUrl.slice(INDEXEDDB_SCHEME.length) : nameOrUrl;
  if (name.length === 0 || name.length > 1024 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new StorageError(`${JSON.stringify(nameOrUrl)}: not a valid policy name (1-1024 characters, no control characters)`);
  }
  return name;
}

/** What differs between a record read back and the artefact meant to be stored, if anything. */
function readBackProblem(record: unknown, name: string, artifacts: io.ModelArtifacts): string | undefined {
  const stored = (record as { modelPath?: unknown; modelArtifacts?: io.ModelArtifacts } | undefined);
  if (stored?.modelPath !== name || stored.modelArtifacts == null) return 'the record is missing';
  const got = stored.modelArtifacts;
  if (!isArrayBuffer(got.weightData) || !sameBytes(got.weightData, artifacts.weightData as ArrayBuffer)) return 'the weight bytes differ';
  if (JSON.stringify(got.modelTopology) !== JSON.stringify(artifacts.modelTopology)) return 'the manifest differs';
  if (JSON.stringify(got.weightSpecs) !== JSON.stringify(artifacts.weightSpecs)) return 'the weight specs differ';
  return undefined;
}

/**
 * Writes a verified policy under `name`, replacing any previous version atomically. The caller
 * has checked `artifacts` (readPolicyArtifacts) and passes its manifest. Throws StorageError, and
 * then the previous version is unchanged.
 */
export async function saveToIndexedDB(name: string, artifacts: io.ModelArtifacts, manifest: PolicyManifest): Promise<void> {
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const raw = artifacts.weightData;
  const weightData = weightBuffer(raw);
  const toStore: io.ModelArtifacts = { ...artifacts, weightData };
  const modelArtifactsInfo = artifactsInfo(toStore);
  const policy: PolicySummary = {
    checksum: manifest.checksum,
    frames: manifest.frames,
    createdAt: manifest.createdAt,
    formatVersion: manifest.formatVersion,
  };
  await withPolicyDatabase(where, (db) =>
    putVerified(db, where, POLICY_STORES, name,
      { modelPath: name, modelArtifacts: toStore, modelArtifactsInfo },
      { modelPath: name, modelArtifactsInfo, policy } satisfies InfoRecord,
      (record) => readBackProblem(record, name, toStore), 'the policy'));
}

/** Reads the raw record of `name` (not yet verified). Throws StorageError naming a missing policy. */
export async function loadFromIndexedDB(name: string): Promise<io.ModelArtifacts> {
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const record = await withPolicyDatabase(where, async (db) => {
    try {
      const tx = db.transaction(MODEL_STORE, 'readonly');
      return await requestResult(tx.objectStore(MODEL_STORE).get(name), where, 'reading the policy');
    } catch (e) {
      throw asStorageError(e, where, 'reading the policy');
    }
  });
  if (record == null) throw new StorageError(`${where}: no policy named ${JSON.stringify(name)} in IndexedDB`);
  const artifacts = (record as { modelArtifacts?: unknown }).modelArtifacts;
  if (typeof artifacts !== 'object' || artifacts === null) throw new StorageError(`${where}: the stored record has no model artifacts`);
  return artifacts as io.ModelArtifacts;
}

/**
 * The policies in IndexedDB, sorted by name. Lists only records that have both a pixelpilot
 * summary and their data (models saved by plain tfjs are left out). An empty list when the
 * database does not exist yet.
 */
export async function listPolicies(): Promise<PolicyListing[]> {
  const where = `${INDEXEDDB_SCHEME}*`;
  const { infos, present } = await withPolicyDatabase(where, (db) => readHalves<InfoRecord>(db, where, POLICY_STORES, 'listing policies'));
  return infos
    .filter((r) => typeof r.modelPath === 'string' && present.has(r.modelPath) && r.policy != null)
    .map((r) => ({
      name: r.modelPath,
      url: `${INDEXEDDB_SCHEME}${r.modelPath}`,
      savedAt: new Date(r.modelArtifactsInfo.dateSaved),
      weightBytes: r.modelArtifactsInfo.weightDataBytes ?? 0,
      checksum: r.policy!.checksum,
      frames: r.policy!.frames,
      createdAt: r.policy!.createdAt,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Deletes `name` (or `indexeddb://name`): its record and its summary, in one transaction.
 * Throws StorageError naming it when there is no such policy.
 */
export async function deletePolicy(nameOrUrl: string): Promise<void> {
  const name = policyName(nameOrUrl);
  const where = `${INDEXEDDB_SCHEME}${name}`;
  const deleted = await withPolicyDatabase(where, (db) => deleteHalves(db, where, POLICY_STORES, name, 'the policy'));
  if (!deleted) throw new StorageError(`${where}: no policy named ${JSON.stringify(name)} in IndexedDB to delete`);
}
