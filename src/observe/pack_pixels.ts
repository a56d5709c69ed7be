/**
 * RGBA (what getImageData returns) to the packed uint8 frame an agent sees: 1 channel of ITU-R
 * BT.601 luma, or 3 channels of RGB. Tight loops over typed arrays, writing into a caller's buffer,
 * so a capture allocates nothing here.
 */
import { ShapeError } from '../util/errors';

/** Channels in a captured frame: 1 (gray) or 3 (RGB). */
export type FrameChannels = 1 | 3;

/** ITU-R BT.601 luma weights (the ones Atari preprocessing and OpenCV's RGB2GRAY use). */
export const LUMA_WEIGHTS = { r: 0.299, g: 0.587, b: 0.114 } as const;

/** BT.601 luma of one pixel, rounded to the nearest integer in [0, 255]. */
export function luma(r: number, g: number, b: number): number {
  // The weights sum to 1, so the result never exceeds 255; +0.5 then truncation rounds half up.
  return (LUMA_WEIGHTS.r * r + LUMA_WEIGHTS.g * g + LUMA_WEIGHTS.b * b + 0.5) | 0;
}

/**
 * Packs `pixels` RGBA pixels from `rgba` into `out` with `channels` channels per pixel: luma for
 * 1, R, G, B for 3. Alpha is dropped (the capture canvas is opaque, so colours are already
 * composited over black). Throws ShapeError when either array is too short. Returns `out`.
 */
export function packRgba(
  rgba: Uint8ClampedArray | Uint8Array,
  pixels: number,
  channels: FrameChannels,
  out: Uint8Array,
): Uint8Array {
  if (rgba.length < pixels * 4) throw new ShapeError(`packRgba: rgba holds ${rgba.length} values, fewer than 4 x ${pixels} pixels`);
  if (out.length < pixels * channels) {
    throw new ShapeError(`packRgba: out holds ${out.length} values, fewer than ${channels} x ${pixels} pixels`);
  }
  const { r: wr, g: wg, b: wb } = LUMA_WEIGHTS;
  if (channels === 1) {
    for (let p = 0, s = 0; p < pixels; p++, s += 4) {
      out[p] = (wr * rgba[s] + wg * rgba[s + 1] + wb * rgba[s + 2] + 0.5) | 0;
    }
  } else if (channels === 3) {
    for (let p = 0, s = 0, d = 0; p < pixels; p++, s += 4, d += 3) {
      out[d] = rgba[s];
      out[d + 1] = rgba[s + 1];
      out[d + 2] = rgba[s + 2];
    }
  } else {
    throw new ShapeError(`packRgba: channels must be 1 or 3 (got ${String(channels)})`);
  }
  return out;
}
