/**
 * A policy without its training state: what `agent.save(url, {training: false})` writes, made from
 * a verified policy's data alone (no net is built, no tfjs): the acting weights ('parameter' and
 * 'buffer' entries, bit for bit and in the same order), the same spec, spaces, action names,
 * pipeline and frame count, `training: null`, and a new version-3 checksum. Optimizer slots,
 * target nets and the training counters are dropped: what `loadBot` and `loadAgent(..., {mode:
 * 'inference'})` need, not what resuming training needs.
 */
import type { io } from '@tensorflow/tfjs-core';
import { policyChecksum } from './checksum';
import { POLICY_FORMAT, POLICY_FORMAT_VERSION, type PolicyManifest, type PolicyWeightEntry } from './policy_manifest';
import type { PolicyContents } from './policy_read';

/** Weight kinds a weights-only policy keeps. */
const ACTING_KINDS: readonly string[] = ['parameter', 'buffer'];

/** True when a policy's manifest has a training block or training-only entries (target nets, optimizer slots). */
export function hasTrainingState(manifest: Pick<PolicyManifest, 'training' | 'weights'>): boolean {
  return manifest.training !== null || manifest.weights.some((w) => !ACTING_KINDS.includes(w.kind));
}

/**
 * The weights-only artefact of a verified policy (see the file comment). Its `createdAt` is now;
 * everything else but the dropped entries, `training` and the checksum is the source's. Write it
 * with `savePolicy` or `encodePolicyFile`.
 */
export async function weightsOnlyArtifacts(contents: PolicyContents): Promise<io.ModelArtifacts> {
  const source = contents.manifest;
  const weights: PolicyWeightEntry[] = source.weights.filter((w) => ACTING_KINDS.includes(w.kind)).map((w) => ({ ...w, shape: [...w.shape] }));
  const bytes = new Uint8Array(weights.reduce((n, w) => n + 4 * contents.weights.get(w.name)!.length, 0));
  let at = 0;
  for (const w of weights) {
    const data = contents.weights.get(w.name)!;
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  // Field order as policyArtifacts writes it, so both writers give the same header for the same policy.
  const manifest: PolicyManifest = {
    format: POLICY_FORMAT,
    formatVersion: POLICY_FORMAT_VERSION,
    spec: structuredClone(source.spec),
    observation: structuredClone(source.observation),
    actionSpace: structuredClone(source.actionSpace),
    actionNames: source.actionNames ? [...source.actionNames] : null,
    weights,
    checksum: '',
    createdAt: new Date().toISOString(),
    frames: source.frames,
    training: null,
  };
  manifest.checksum = await policyChecksum(manifest, bytes);
  const weightSpecs: io.WeightsManifestEntry[] = weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' }));
  return { modelTopology: manifest as unknown as object, format: POLICY_FORMAT, generatedBy: 'pixelpilot', weightSpecs, weightData: bytes.buffer };
}
