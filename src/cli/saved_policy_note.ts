/**
 * The line `train --save` (both `--env` and `--game`) prints about the policy file it wrote: with
 * or without training state, and its size, so that nobody ships a training file by mistake.
 */
import { stat } from 'node:fs/promises';
import type { io } from '@tensorflow/tfjs-core';
import type { PolicyManifest } from '../store/policy_manifest';
import { hasTrainingState } from '../store/policy_strip';

/** The note for the artefact just saved at `path` (its size read from the file). */
export async function savedPolicyNote(path: string, artifacts: io.ModelArtifacts): Promise<string> {
  const training = hasTrainingState(artifacts.modelTopology as PolicyManifest);
  const bytes = (await stat(path)).size.toLocaleString('en-US');
  return training
    ? `saved ${path}: with training state, ${bytes} bytes; \`pixelpilot export ${path} --format ppol --out FILE\` strips it (loadBot needs the weights only)`
    : `saved ${path}: weights only, ${bytes} bytes`;
}
