/**
 * The `observation-upscaled` trap: an observation larger (in width or height) than the canvas, or
 * the crop, it is read from. The browser then upscales: the agent sees no more than the region
 * holds, and its nets, captures and transfers grow with the pixels for nothing; training measured
 * up to 20x slower (16 against 386 decisions/s).
 */
import type { ObservationSource } from './observation_source';
import type { AgentWarning } from './warnings';

/** The region a capture reads, in source pixels (a FrameCapture's crop, else its canvas), as of its last read. */
export interface ReadRegion {
  readonly regionWidth: number;
  readonly regionHeight: number;
}

/** The warning for a `width` x `height` observation read from a `regionWidth` x `regionHeight` region, or null when it is no larger. */
export function upscaleWarning(width: number, height: number, region: ReadRegion, cropped: boolean, player: number): AgentWarning | null {
  const { regionWidth: rw, regionHeight: rh } = region;
  if (width <= rw && height <= rh) return null;
  const from = cropped ? `the ${rw}x${rh} crop of the canvas` : `the ${rw}x${rh} canvas`;
  const w = Math.min(width, Math.floor(rw));
  const h = Math.min(height, Math.floor(rh));
  return {
    code: 'observation-upscaled',
    player,
    message: `the ${width}x${height} observation is read from ${from}, so it is upscaled: the agent sees nothing more, ` +
      `and training is up to 20x slower (16 against 386 decisions/s measured). Observe at most the region's size, e.g. ` +
      `createAgent(spec, { observation: { width: ${w}, height: ${h} } }) (a saved policy keeps its size: train it smaller)` +
      `${cropped ? ', or crop a larger region' : ''}.`,
  };
}

/**
 * `source`, checking at each read, until it warns, whether its `width` x `height` observation is
 * larger than `region` (read after the read itself, so a canvas resized at boot is seen at its
 * size then); `onWarning` gets the warning once. Two comparisons a read.
 */
export function watchUpscale(
  source: ObservationSource,
  width: number,
  height: number,
  region: ReadRegion,
  cropped: boolean,
  player: number,
  onWarning: (warning: AgentWarning) => void,
): ObservationSource {
  let warned = false;
  return {
    read: () => {
      const obs = source.read();
      if (!warned && (width > region.regionWidth || height > region.regionHeight)) {
        warned = true;
        onWarning(upscaleWarning(width, height, region, cropped, player)!);
      }
      return obs;
    },
    reset: () => source.reset(),
  };
}
