/**
 * The two tfjs io helpers the policy store needs, without tfjs: the store runs on the game's main
 * thread, where the SDK loads no tfjs (training and acting happen in the worker). Same results as
 * `tf.io.concatenateArrayBuffers` and `tf.io.getModelArtifactsInfoForJSON`.
 */
import type { io } from '@tensorflow/tfjs-core';

/** The weight data of an artefact as one ArrayBuffer (tfjs allows a list of buffers). */
export function weightBuffer<T extends ArrayBuffer | ArrayBuffer[] | undefined>(raw: T): T extends undefined ? undefined : ArrayBuffer;
export function weightBuffer(raw: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer | undefined {
  if (!Array.isArray(raw)) return raw;
  const out = new Uint8Array(raw.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of raw) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** tfjs's ModelArtifactsInfo of a JSON-topology artefact (what tfjs's IndexedDB store keeps beside it). */
export function artifactsInfo(artifacts: io.ModelArtifacts): io.ModelArtifactsInfo {
  const data = artifacts.weightData;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: artifacts.modelTopology == null ? 0 : utf8Bytes(JSON.stringify(artifacts.modelTopology)),
    weightSpecsBytes: artifacts.weightSpecs == null ? 0 : utf8Bytes(JSON.stringify(artifacts.weightSpecs)),
    weightDataBytes: data == null ? 0 : weightBuffer(data).byteLength,
  };
}
