/**
 * Ground truth for downscaled frames: an exact area average (box filter with fractional
 * coverage at the edges), the image a perfectly filtered drawImage would give. Plain loops.
 */
import type { CropRect } from '../../src/observe/crop';

/**
 * Averages `src` (one value per pixel, `width` x `height`, row-major) over each output pixel's
 * footprint in `crop`, giving `outWidth` x `outHeight` values (not rounded).
 */
export function areaResize(src: ArrayLike<number>, width: number, height: number, crop: CropRect, outWidth: number, outHeight: number): Float64Array {
  const out = new Float64Array(outWidth * outHeight);
  const sx = crop.w / outWidth;
  const sy = crop.h / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = crop.y + oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = crop.x + ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), height); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), width); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wx * wy * src[y * width + x];
          area += wx * wy;
        }
      }
      out[oy * outWidth + ox] = sum / area;
    }
  }
  return out;
}

/** Mean absolute difference between two equally long arrays. */
export function meanAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}
