/**
 * The line `train --save` (both `--env` and `--game`) prints about the policy file it wrote: with
 * or without training state, and its size, so that nobody ships a training file by mistake.
 */
import { stat } from 'node:fs/promises';

/** The note for the policy file just saved at `path`, with or without its `training` state (its size read from the file). */
export async function savedPolicyNote(path: string, training: boolean): Promise<string> {
  const bytes = (await stat(path)).size.toLocaleString('en-US');
  return training
    ? `saved ${path}: with training state, ${bytes} bytes; \`pixelpilot export ${path} --format ppol --out FILE\` strips it (loadBot needs the weights only)`
    : `saved ${path}: weights only, ${bytes} bytes`;
}
