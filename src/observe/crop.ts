/**
 * Which part of the source canvas an observation sees. A crop is a rectangle in the source's own
 * pixels (its backing store: `canvas.width` x `canvas.height`, not its CSS size). Pure maths, so it
 * is tested in Node.
 */
import { ShapeError } from '../util/errors';

/** A rectangle in source pixels: top-left corner (x, y), width w, height h. */
export interface CropRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A camera viewport as Phaser describes one (`camera.x`, `camera.y`, `camera.width`, `camera.height`), in game pixels. */
export interface Viewport {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Width and height of something: a game, a canvas. */
export interface Size {
  width: number;
  height: number;
}

/**
 * The rectangle to read from a source of `sourceWidth` x `sourceHeight` pixels: the whole source
 * when `crop` is undefined, else `crop` itself once checked. Throws ShapeError when the crop is
 * not finite, is empty, or leaves the source (naming the crop and the source size). Fractional
 * coordinates are allowed (drawImage samples between pixels).
 */
export function resolveCrop(crop: CropRect | undefined, sourceWidth: number, sourceHeight: number): CropRect {
  if (!(sourceWidth > 0) || !(sourceHeight > 0)) {
    throw new ShapeError(`capture source has no pixels (size ${sourceWidth}x${sourceHeight})`);
  }
  if (crop === undefined) return { x: 0, y: 0, w: sourceWidth, h: sourceHeight };
  checkCrop(crop, sourceWidth, sourceHeight);
  return { x: crop.x, y: crop.y, w: crop.w, h: crop.h };
}

/** Throws ShapeError unless `crop` is a non-empty finite rectangle inside a `sourceWidth` x `sourceHeight` source. */
export function checkCrop(crop: CropRect, sourceWidth: number, sourceHeight: number): void {
  const { x, y, w, h } = crop;
  const text = (): string => `crop {x: ${x}, y: ${y}, w: ${w}, h: ${h}}`;
  if (![x, y, w, h].every(Number.isFinite)) throw new ShapeError(`${text()} must have finite x, y, w and h`);
  if (!(w > 0) || !(h > 0)) throw new ShapeError(`${text()} must have w > 0 and h > 0`);
  if (x < 0 || y < 0 || x + w > sourceWidth || y + h > sourceHeight) {
    throw new ShapeError(`${text()} leaves the ${sourceWidth}x${sourceHeight} source (x + w must be <= ${sourceWidth}, y + h <= ${sourceHeight}, x and y >= 0)`);
  }
}

/**
 * The crop (in canvas pixels) that shows one camera's viewport. A viewport is in game pixels; the
 * canvas backing store may be a different size (a renderer resolution or a manual resize), so the
 * viewport is scaled by canvas/game on each axis. With `game` omitted, game and canvas pixels are
 * taken to be the same (Phaser 4's default: the canvas is the game's size and CSS does the scaling).
 */
export function cropFromViewport(viewport: Viewport, canvas: Size, game: Size = canvas): CropRect {
  if (!(game.width > 0) || !(game.height > 0)) throw new ShapeError(`game size must be positive (got ${game.width}x${game.height})`);
  const sx = canvas.width / game.width;
  const sy = canvas.height / game.height;
  const crop = { x: viewport.x * sx, y: viewport.y * sy, w: viewport.width * sx, h: viewport.height * sy };
  checkCrop(crop, canvas.width, canvas.height);
  return crop;
}

