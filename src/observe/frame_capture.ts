/**
 * Reads a small uint8 observation (HxWxC, 84x84x1 by default) from a game's canvas. The browser
 * does the downscale: drawImage of the source (or a crop of it) into a tiny 2D canvas with image
 * smoothing, then getImageData; a tight loop packs RGBA into luma or RGB in a reused buffer.
 *
 * When to call `capture()` matters for a WebGL source: unless the game sets
 * `preserveDrawingBuffer: true`, the browser clears the WebGL drawing buffer once a frame is
 * presented, so a capture reads the picture only between the render and the end of that task —
 * in Phaser, the game's 'postrender' event. Anywhere else (a scene's 'postupdate', a later
 * timer) it reads black. A 2D-canvas source (Phaser.CANVAS) reads correctly at any time.
 */
import { ShapeError, CaptureError } from '../util/errors';
import { checkCrop, type CropRect } from './crop';
import { packRgba, type FrameChannels } from './pack_pixels';

/** What a capture can read: a game canvas (WebGL or 2D), an offscreen canvas, a bitmap, an image or a video. */
export type CaptureSource = HTMLCanvasElement | OffscreenCanvas | ImageBitmap | HTMLImageElement | HTMLVideoElement;

/** Where the downscale happens: an OffscreenCanvas (works in workers) or a detached `<canvas>`. */
export type ScratchCanvasKind = 'offscreen' | 'element';

/** Options of a FrameCapture; every one has a default. */
export interface FrameCaptureOptions {
  /** Output width in pixels. Default 84. */
  width?: number;
  /** Output height in pixels. Default 84. */
  height?: number;
  /** true: 1 channel of BT.601 luma (0.299 R + 0.587 G + 0.114 B); false: 3 channels RGB. Default true. */
  grayscale?: boolean;
  /** Region of the source to observe, in source pixels (e.g. `cropFromViewport(camera, ...)`). Default: the whole source. */
  crop?: CropRect;
  /** Smooth (filter) while downscaling; false picks the nearest pixel, which aliases thin shapes away. Default true. */
  smoothing?: boolean;
  /**
   * The 2D context's `imageSmoothingQuality`. In Chromium 'low' is bilinear (samples ~2x2 source
   * pixels per output pixel, so a 400->84 downscale aliases); 'medium' and 'high' filter over the
   * whole footprint, close to an area average. Default 'medium'.
   */
  smoothingQuality?: ImageSmoothingQuality;
  /** The scratch canvas kind. Default 'offscreen' where OffscreenCanvas exists, else 'element'. */
  scratch?: ScratchCanvasKind;
}

type Scratch2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

const QUALITIES: readonly ImageSmoothingQuality[] = ['low', 'medium', 'high'];

/** Captures uint8 frames of shape [height, width, channels] from one source. */
export class FrameCapture {
  /** Output width in pixels. */
  readonly width: number;
  /** Output height in pixels. */
  readonly height: number;
  /** 1 (gray) or 3 (RGB). */
  readonly channels: FrameChannels;
  /** [height, width, channels]. */
  readonly shape: readonly [number, number, number];
  /**
   * The buffer `capture()` fills and returns: reused by every capture, so copy it (or call
   * `captureCopy()`) to keep a frame past the next capture.
   */
  readonly frame: Uint8Array;

  private source: CaptureSource;
  private cropRect: CropRect | undefined;
  private readonly ctx: Scratch2D;
  // Source size the crop was last checked against; -1 forces a check.
  private checkedW = -1;
  private checkedH = -1;

  /**
   * Sets up the scratch canvas. Throws ShapeError for a bad size, for a source with no pixels yet
   * (an image or video not loaded) or a crop outside it; CaptureError for other bad options.
   */
  constructor(source: CaptureSource, options: FrameCaptureOptions = {}) {
    const width = options.width ?? 84;
    const height = options.height ?? 84;
    for (const [name, v] of [['width', width], ['height', height]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new ShapeError(`FrameCapture: ${name} must be a positive integer (got ${String(v)})`);
    }
    const quality = options.smoothingQuality ?? 'medium';
    if (!QUALITIES.includes(quality)) {
      throw new CaptureError(`FrameCapture: smoothingQuality must be one of ${QUALITIES.join(', ')} (got ${JSON.stringify(quality)})`);
    }
    this.width = width;
    this.height = height;
    this.channels = options.grayscale === false ? 3 : 1;
    this.shape = [height, width, this.channels];
    this.frame = new Uint8Array(width * height * this.channels);
    this.source = source;
    this.cropRect = options.crop === undefined ? undefined : { ...options.crop };
    this.ctx = createScratchContext(width, height, options.scratch ?? defaultScratchKind());
    this.ctx.imageSmoothingEnabled = options.smoothing ?? true;
    this.ctx.imageSmoothingQuality = quality;
    this.ctx.fillStyle = '#000';
    // Fail early on a crop that does not fit the source as it is now.
    this.checkSource();
  }

  /** The region observed, in source pixels; undefined means the whole source. */
  get crop(): CropRect | undefined {
    return this.cropRect === undefined ? undefined : { ...this.cropRect };
  }

  /** Width in source pixels of the region read: the crop's, else the source's at set-up or the last capture. */
  get regionWidth(): number {
    return this.cropRect?.w ?? this.checkedW;
  }

  /** Height in source pixels of the region read: the crop's, else the source's at set-up or the last capture. */
  get regionHeight(): number {
    return this.cropRect?.h ?? this.checkedH;
  }

  /** Observes another region (a moved camera, a resized canvas); undefined observes the whole source. Throws ShapeError if it does not fit. */
  setCrop(crop: CropRect | undefined): void {
    this.cropRect = crop === undefined ? undefined : { ...crop };
    this.checkedW = -1;
    this.checkSource();
  }

  /** Reads from another source from now on (the crop, if any, must fit it). */
  setSource(source: CaptureSource): void {
    this.source = source;
    this.checkedW = -1;
    this.checkSource();
  }

  /** Captures the source now into `this.frame` and returns it (no allocation of ours). */
  capture(): Uint8Array {
    return this.captureInto(this.frame);
  }

  /** Captures into a fresh array, e.g. to transfer to a worker. */
  captureCopy(): Uint8Array {
    return this.captureInto(new Uint8Array(this.frame.length));
  }

  /** Captures into `out` (at least height*width*channels long) and returns it. */
  captureInto(out: Uint8Array): Uint8Array {
    const n = this.width * this.height;
    if (out.length < n * this.channels) {
      throw new ShapeError(`FrameCapture: out holds ${out.length} values; a ${this.shape.join('x')} frame needs ${n * this.channels}`);
    }
    const [sw, sh] = this.checkSource();
    const ctx = this.ctx;
    // The scratch canvas is opaque: clear to black so transparent source pixels read as black,
    // never as the previous frame.
    ctx.fillRect(0, 0, this.width, this.height);
    const c = this.cropRect;
    if (c === undefined) ctx.drawImage(this.source, 0, 0, sw, sh, 0, 0, this.width, this.height);
    else ctx.drawImage(this.source, c.x, c.y, c.w, c.h, 0, 0, this.width, this.height);
    // getImageData allocates its ImageData: the 2D API has no read-into-buffer call.
    const rgba = ctx.getImageData(0, 0, this.width, this.height).data;
    return packRgba(rgba, n, this.channels, out);
  }

  // The source's size now; re-checks the crop only when that size changed.
  private checkSource(): [number, number] {
    const [w, h] = sourceSize(this.source);
    if (w !== this.checkedW || h !== this.checkedH) {
      if (!(w > 0) || !(h > 0)) throw new ShapeError(`FrameCapture: the source has no pixels (size ${w}x${h})`);
      if (this.cropRect !== undefined) checkCrop(this.cropRect, w, h);
      this.checkedW = w;
      this.checkedH = h;
    }
    return [this.checkedW, this.checkedH];
  }
}

/** Width and height of a source in its own pixels (a canvas's backing store, an image's natural size). */
export function sourceSize(source: CaptureSource): [number, number] {
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) return [source.videoWidth, source.videoHeight];
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) return [source.naturalWidth, source.naturalHeight];
  return [source.width, source.height];
}

function defaultScratchKind(): ScratchCanvasKind {
  return typeof OffscreenCanvas !== 'undefined' ? 'offscreen' : 'element';
}

function createScratchContext(width: number, height: number, kind: ScratchCanvasKind): Scratch2D {
  // alpha: false composites over black; willReadFrequently keeps the canvas on the CPU side,
  // where getImageData every frame is cheap.
  const attributes: CanvasRenderingContext2DSettings = { alpha: false, willReadFrequently: true };
  let ctx: Scratch2D | null;
  if (kind === 'offscreen') {
    if (typeof OffscreenCanvas === 'undefined') throw new CaptureError(`FrameCapture: scratch 'offscreen' needs OffscreenCanvas, which this context lacks`);
    ctx = new OffscreenCanvas(width, height).getContext('2d', attributes);
  } else if (kind === 'element') {
    if (typeof document === 'undefined') throw new CaptureError(`FrameCapture: scratch 'element' needs a document (none in a worker); use 'offscreen'`);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    ctx = canvas.getContext('2d', attributes);
  } else {
    throw new CaptureError(`FrameCapture: scratch must be 'offscreen' or 'element' (got ${JSON.stringify(kind)})`);
  }
  if (ctx === null) throw new CaptureError(`FrameCapture: the browser gave no 2D context for a ${width}x${height} ${kind} canvas`);
  return ctx;
}
