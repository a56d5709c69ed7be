/**
 * What `pixelpilot serve` tells a client about an entry before any copy runs: the observation
 * exactly as a pixelpilot agent with that entry sees it (the entry's `observation`: width, height,
 * grayscale, crop; the frame stack is the entry's `frameStack`, else 1, since no spec gives one),
 * the action names and the no-op. Pixel observations only: the wire carries uint8 images.
 */
import type { CropRect } from '../observe/crop';
import { isVectorObservation } from '../agent/agent_options';
import { AgentError } from '../util/errors';
import { NOOP_NAMES } from './random_starts';
import type { TrainingEntry } from './training_entry';

/** A served entry's observation and actions. */
export interface ServeLayout {
  width: number;
  height: number;
  grayscale: boolean;
  /** Frames stacked on the channel axis, oldest first. */
  frameStack: number;
  /** [H, W, C] with C = (grayscale ? 1 : 3) * frameStack. */
  shape: [number, number, number];
  /** Each copy's crop of its canvas (undefined: the whole canvas). */
  crops: (CropRect | undefined)[];
  actions: string[];
  /** The no-op action's name (the entry's `noop`, else one named noop/none/stay/idle), or null. */
  noop: string | null;
}

/** The layout of `entry` served as `envs` copies; AgentError for a vector observation or a crop list of another length. */
export function serveLayout<S extends object>(entry: TrainingEntry<S>, envs: number): ServeLayout {
  const o = entry.observation ?? {};
  if (isVectorObservation(o)) {
    throw new AgentError(`pixelpilot serve: the training entry observes a vector (observation.vector = ${o.vector}); the serve protocol (version 1) carries pixel observations only`);
  }
  const crop = o.crop;
  if (Array.isArray(crop) && crop.length !== envs) {
    throw new AgentError(`pixelpilot serve: the training entry's observation.crop has ${crop.length} regions; give one per copy (--envs ${envs}) or one for all`);
  }
  const width = o.width ?? 84;
  const height = o.height ?? 84;
  const grayscale = o.grayscale ?? true;
  const frameStack = o.frameStack ?? 1;
  return {
    width,
    height,
    grayscale,
    frameStack,
    shape: [height, width, (grayscale ? 1 : 3) * frameStack],
    crops: Array.from({ length: envs }, (_, i) => (Array.isArray(crop) ? (crop as CropRect[])[i] : (crop as CropRect | undefined))),
    actions: [...entry.actions],
    noop: entry.noop ?? NOOP_NAMES.find((n) => entry.actions.includes(n)) ?? null,
  };
}
