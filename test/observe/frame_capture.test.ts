/**
 * FrameCapture's bookkeeping in Node, with a recording stand-in for OffscreenCanvas: what it asks
 * the 2D context to draw (the crop), how it packs what it reads, and the errors it throws. The real
 * pixels are tested in Chromium (test/browser/observe_capture.test.ts).
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureError, ShapeError } from '../../src/util/errors';
import { FrameCapture, type CaptureSource } from '../../src/observe/frame_capture';

interface Call {
  op: string;
  args: unknown[];
}

/** A 2D context that records calls; getImageData returns RGBA (10, 20, 30, 255) at every pixel. */
class FakeContext {
  readonly calls: Call[] = [];
  imageSmoothingEnabled = true;
  imageSmoothingQuality = 'low';
  fillStyle = '';
  constructor(readonly settings: unknown) {}
  fillRect(...args: unknown[]): void {
    this.calls.push({ op: 'fillRect', args });
  }
  drawImage(...args: unknown[]): void {
    this.calls.push({ op: 'drawImage', args });
  }
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } {
    this.calls.push({ op: 'getImageData', args: [x, y, w, h] });
    const data = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < w * h; p++) data.set([10, 20, 30, 255], p * 4);
    return { data };
  }
}

const made: { width: number; height: number; ctx: FakeContext }[] = [];
class FakeOffscreenCanvas {
  constructor(readonly width: number, readonly height: number) {}
  getContext(kind: string, settings: unknown): FakeContext {
    assert.equal(kind, '2d');
    const ctx = new FakeContext(settings);
    made.push({ width: this.width, height: this.height, ctx });
    return ctx;
  }
}

const source = (width: number, height: number) => ({ width, height }) as unknown as CaptureSource;

describe('FrameCapture (Node, fake canvas)', () => {
  beforeEach(() => {
    made.length = 0;
    (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = FakeOffscreenCanvas;
  });
  afterEach(() => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  });

  test('defaults: 84x84 gray, an opaque willReadFrequently canvas, medium smoothing, the whole source', () => {
    const cap = new FrameCapture(source(400, 300));
    assert.deepEqual(cap.shape, [84, 84, 1]);
    assert.equal(made.length, 1);
    const { width, height, ctx } = made[0];
    assert.deepEqual([width, height], [84, 84]);
    assert.deepEqual(ctx.settings, { alpha: false, willReadFrequently: true });
    assert.equal(ctx.imageSmoothingEnabled, true);
    assert.equal(ctx.imageSmoothingQuality, 'medium');
    const frame = cap.capture();
    assert.equal(frame, cap.frame);
    assert.equal(frame.length, 84 * 84);
    assert.ok(frame.every((v) => v === Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30)));
    assert.deepEqual(ctx.calls.map((c) => c.op), ['fillRect', 'drawImage', 'getImageData']);
    assert.deepEqual(ctx.calls[1].args.slice(1), [0, 0, 400, 300, 0, 0, 84, 84]);
  });

  test('RGB, a crop, and a new crop: drawImage reads the crop', () => {
    const cap = new FrameCapture(source(400, 400), { width: 32, height: 16, grayscale: false, crop: { x: 10, y: 20, w: 100, h: 50 }, smoothingQuality: 'high' });
    assert.deepEqual(cap.shape, [16, 32, 3]);
    const frame = cap.capture();
    assert.equal(frame.length, 16 * 32 * 3);
    assert.deepEqual(Array.from(frame.subarray(0, 6)), [10, 20, 30, 10, 20, 30]);
    const ctx = made[0].ctx;
    assert.equal(ctx.imageSmoothingQuality, 'high');
    assert.deepEqual(ctx.calls[1].args.slice(1), [10, 20, 100, 50, 0, 0, 32, 16]);
    cap.setCrop({ x: 0, y: 0, w: 200, h: 200 });
    cap.capture();
    assert.deepEqual(ctx.calls[4].args.slice(1), [0, 0, 200, 200, 0, 0, 32, 16]);
    assert.deepEqual(cap.crop, { x: 0, y: 0, w: 200, h: 200 });
    cap.setCrop(undefined);
    assert.equal(cap.crop, undefined);
  });

  test('capture reuses one buffer; captureCopy and captureInto do not', () => {
    const cap = new FrameCapture(source(100, 100), { width: 4, height: 4 });
    const a = cap.capture();
    assert.equal(cap.capture(), a);
    const copy = cap.captureCopy();
    assert.notEqual(copy, a);
    assert.deepEqual(copy, a);
    const mine = new Uint8Array(20);
    assert.equal(cap.captureInto(mine), mine);
    assert.throws(() => cap.captureInto(new Uint8Array(15)), (e: unknown) => e instanceof ShapeError && /out holds 15 values; a 4x4x1 frame needs 16/.test(e.message));
  });

  test('a crop is checked against the source as it is at capture time', () => {
    const canvas = { width: 400, height: 400 };
    const cap = new FrameCapture(canvas as unknown as CaptureSource, { crop: { x: 200, y: 200, w: 200, h: 200 } });
    cap.capture();
    canvas.width = 300; // the game resized its canvas
    assert.throws(() => cap.capture(), (e: unknown) => e instanceof ShapeError && /leaves the 300x400 source/.test(e.message));
  });

  test('bad options are typed errors naming the option', () => {
    assert.throws(() => new FrameCapture(source(10, 10), { width: 0 }), (e: unknown) => e instanceof ShapeError && /width must be a positive integer \(got 0\)/.test(e.message));
    assert.throws(() => new FrameCapture(source(10, 10), { height: 8.5 }), (e: unknown) => e instanceof ShapeError && /height must be a positive integer/.test(e.message));
    assert.throws(
      () => new FrameCapture(source(10, 10), { smoothingQuality: 'best' as 'high' }),
      (e: unknown) => e instanceof CaptureError && e.code === 'CAPTURE_INVALID' && /smoothingQuality must be one of low, medium, high \(got "best"\)/.test(e.message),
    );
    assert.throws(() => new FrameCapture(source(10, 10), { crop: { x: 5, y: 0, w: 6, h: 1 } }), (e: unknown) => e instanceof ShapeError && /leaves the 10x10 source/.test(e.message));
    assert.throws(() => new FrameCapture(source(0, 10)), (e: unknown) => e instanceof ShapeError && /no pixels \(size 0x10\)/.test(e.message));
    assert.throws(() => new FrameCapture(source(10, 10), { scratch: 'element' }), (e: unknown) => e instanceof CaptureError && /needs a document/.test(e.message));
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
    assert.throws(() => new FrameCapture(source(10, 10), { scratch: 'offscreen' }), (e: unknown) => e instanceof CaptureError && /needs OffscreenCanvas/.test(e.message));
  });
});
