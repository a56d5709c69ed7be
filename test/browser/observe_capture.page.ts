/**
 * Runs in headless Chromium: real Phaser 4 games (WEBGL and CANVAS, 400x400) draw known shapes and
 * are stepped by hand (loop asleep, game.step); FrameCapture reads them in the game's 'postrender'
 * event. Reports errors against an exact area-average of the known picture, what captures outside
 * 'postrender' read, a frame stack across steps, and capture timings. The Node side
 * (observe_capture.test.ts) asserts on the numbers and takes the screenshot.
 */
import * as Phaser from 'phaser';
import { FrameCapture, type FrameCaptureOptions } from '../../src/observe/frame_capture';
import { FrameStack } from '../../src/observe/frame_stack';
import type { CropRect } from '../../src/observe/crop';
import { areaResize, meanAbsError } from '../observe/area_resize';

const SIZE = 400;
const OUT = 84;
const DT = 1000 / 60;
const TIMED_FRAMES = 300;
const QUALITIES: ImageSmoothingQuality[] = ['low', 'medium', 'high'];

/** The scene: filled rectangles on black, in source pixels. The mover's x changes between steps. */
const SHAPES = [
  { name: 'white', x: 60, y: 80, w: 120, h: 100, rgb: [255, 255, 255] },
  { name: 'red', x: 250, y: 200, w: 100, h: 80, rgb: [255, 0, 0] },
  { name: 'green', x: 220, y: 40, w: 40, h: 80, rgb: [0, 255, 0] },
] as const;
const MOVER = { y: 320, w: 40, h: 40 };
const CROP: CropRect = { x: 40, y: 60, w: 200, h: 200 };

interface Live {
  game: Phaser.Game;
  scene: Phaser.Scene;
  mover: Phaser.GameObjects.Rectangle;
  time: number;
}

function lumaF(rgb: ArrayLike<number>): number {
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
}

/** The full-size gray picture the game should show, as floats. */
function expectedLuma(moverX: number): Float64Array {
  const img = new Float64Array(SIZE * SIZE);
  const fill = (x: number, y: number, w: number, h: number, v: number) => {
    for (let r = y; r < y + h; r++) img.fill(v, r * SIZE + x, r * SIZE + x + w);
  };
  for (const s of SHAPES) fill(s.x, s.y, s.w, s.h, lumaF(s.rgb));
  fill(moverX, MOVER.y, MOVER.w, MOVER.h, 255);
  return img;
}

async function makeGame(type: number, preserveDrawingBuffer = false): Promise<Live> {
  const parent = document.createElement('div');
  parent.style.display = 'inline-block';
  parent.style.margin = '4px';
  document.body.append(parent);
  const live = await new Promise<Live>((resolve) => {
    const game: Phaser.Game = new Phaser.Game({
      type,
      width: SIZE,
      height: SIZE,
      parent,
      backgroundColor: '#000000',
      banner: false,
      audio: { noAudio: true },
      render: { preserveDrawingBuffer },
      scene: {
        create(this: Phaser.Scene) {
          for (const s of SHAPES) this.add.rectangle(s.x, s.y, s.w, s.h, (s.rgb[0] << 16) | (s.rgb[1] << 8) | s.rgb[2]).setOrigin(0, 0);
          const mover = this.add.rectangle(20, MOVER.y, MOVER.w, MOVER.h, 0xffffff).setOrigin(0, 0);
          resolve({ game, scene: this, mover, time: 0 });
        },
      },
    });
  });
  // Step by hand from now on: faster than real time, and the page decides when a frame exists.
  live.game.loop.sleep();
  live.time = performance.now();
  step(live);
  return live;
}

function step(live: Live): void {
  live.time += DT;
  live.game.step(live.time, DT);
}

/** Steps once and returns a copy of the frame captured in that step's 'postrender'. */
function stepAndCapture(live: Live, cap: FrameCapture): Uint8Array {
  let frame: Uint8Array | undefined;
  live.game.events.once('postrender', () => (frame = cap.captureCopy()));
  step(live);
  if (frame === undefined) throw new Error("no 'postrender' event during game.step");
  return frame;
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Region checks: captured values where the reference is pure shape, and where it is pure background far from any shape. */
function regions(frame: Uint8Array, reference: Float64Array): { shapeMin: number; backgroundMax: number; shapePixels: number; backgroundPixels: number } {
  let shapeMin = 255;
  let backgroundMax = 0;
  let shapePixels = 0;
  let backgroundPixels = 0;
  for (let y = 1; y < OUT - 1; y++) {
    for (let x = 1; x < OUT - 1; x++) {
      let around = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) around = Math.max(around, reference[(y + dy) * OUT + x + dx]);
      const i = y * OUT + x;
      if (reference[i] === 255) {
        shapeMin = Math.min(shapeMin, frame[i]);
        shapePixels++;
      } else if (around === 0) {
        backgroundMax = Math.max(backgroundMax, frame[i]);
        backgroundPixels++;
      }
    }
  }
  return { shapeMin, backgroundMax, shapePixels, backgroundPixels };
}

/** The output pixel whose footprint holds source point (x, y). */
function outIndex(x: number, y: number, crop: CropRect = { x: 0, y: 0, w: SIZE, h: SIZE }): number {
  return Math.floor(((y - crop.y) * OUT) / crop.h) * OUT + Math.floor(((x - crop.x) * OUT) / crop.w);
}

/** The output row whose footprint holds source row y (no crop). */
function rowOf(y: number): number {
  return Math.floor((y * OUT) / SIZE);
}

/** Median and p95 capture time over TIMED_FRAMES steps, and steps per second with and without capture. */
function timeCaptures(live: Live, cap: { capture(): unknown }): { medianMs: number; p95Ms: number; stepsPerSecondCapturing: number; stepsPerSecondBare: number } {
  const times: number[] = [];
  const onRender = () => {
    const t0 = performance.now();
    cap.capture();
    times.push(performance.now() - t0);
  };
  live.game.events.on('postrender', onRender);
  let t0 = performance.now();
  for (let i = 0; i < TIMED_FRAMES; i++) step(live);
  const capturing = performance.now() - t0;
  live.game.events.off('postrender', onRender);
  t0 = performance.now();
  for (let i = 0; i < TIMED_FRAMES; i++) step(live);
  const bare = performance.now() - t0;
  times.sort((a, b) => a - b);
  return {
    medianMs: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    stepsPerSecondCapturing: (TIMED_FRAMES * 1000) / capturing,
    stepsPerSecondBare: (TIMED_FRAMES * 1000) / bare,
  };
}

/** drawImage + getImageData alone, into an OffscreenCanvas with or without willReadFrequently. */
function rawCapture(source: HTMLCanvasElement, willReadFrequently: boolean): { capture(): unknown } {
  const ctx = new OffscreenCanvas(OUT, OUT).getContext('2d', { alpha: false, willReadFrequently })!;
  ctx.imageSmoothingQuality = 'medium';
  return { capture: () => (ctx.drawImage(source, 0, 0, SIZE, SIZE, 0, 0, OUT, OUT), ctx.getImageData(0, 0, OUT, OUT)) };
}

function show(label: string, frame: Uint8Array, channels: 1 | 3 = 1, size = OUT): void {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.title = label;
  canvas.style.cssText = 'width:168px;height:168px;image-rendering:pixelated;margin:4px;border:1px solid #888';
  const img = new ImageData(size, size);
  for (let p = 0; p < size * size; p++) {
    for (let j = 0; j < 3; j++) img.data[p * 4 + j] = frame[p * channels + (channels === 3 ? j : 0)];
    img.data[p * 4 + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  const figure = document.createElement('figure');
  figure.style.cssText = 'display:inline-block;margin:2px;font:11px sans-serif;color:#ddd';
  figure.append(canvas, Object.assign(document.createElement('figcaption'), { textContent: label }));
  document.body.append(figure);
}

async function checkRenderer(type: number, name: string): Promise<Record<string, unknown>> {
  const live = await makeGame(type);
  const full = new FrameCapture(live.game.canvas);
  const reference = areaResize(expectedLuma(20), SIZE, SIZE, { x: 0, y: 0, w: SIZE, h: SIZE }, OUT, OUT);
  const gray = stepAndCapture(live, full);
  show(`${name} gray 84x84`, gray);

  // Captures outside 'postrender'.
  step(live);
  const afterStep = full.captureCopy(); // same task as the render
  await nextFrame();
  const laterTask = full.captureCopy(); // after the browser presented the frame
  let postUpdate: Uint8Array | undefined;
  live.scene.events.once('postupdate', () => (postUpdate = full.captureCopy()));
  step(live);

  const rgbCap = new FrameCapture(live.game.canvas, { grayscale: false });
  const rgb = stepAndCapture(live, rgbCap);
  show(`${name} RGB`, rgb, 3);
  const red = outIndex(300, 240);

  const cropCap = new FrameCapture(live.game.canvas, { crop: CROP });
  const cropped = stepAndCapture(live, cropCap);
  show(`${name} crop`, cropped);
  const cropReference = areaResize(expectedLuma(20), SIZE, SIZE, CROP, OUT, OUT);

  // Frame stack across steps: the mover moves 60 px right each step.
  const stack = new FrameStack({ height: OUT, width: OUT, length: 4 });
  const captures: Uint8Array[] = [];
  const stepMaes: number[] = [];
  for (let t = 0; t < 6; t++) {
    live.mover.x = 20 + 60 * t;
    const f = stepAndCapture(live, full);
    captures.push(f);
    stepMaes.push(meanAbsError(f, areaResize(expectedLuma(20 + 60 * t), SIZE, SIZE, { x: 0, y: 0, w: SIZE, h: SIZE }, OUT, OUT)));
    if (t === 0) stack.reset(f);
    else stack.push(f);
  }
  const stacked = stack.read();
  let stackMatches = true;
  const moverCentroids: number[] = [];
  for (let k = 0; k < 4; k++) {
    const want = captures[2 + k];
    let sx = 0;
    let n = 0;
    for (let p = 0; p < OUT * OUT; p++) {
      const v = stacked[p * 4 + k];
      if (v !== want[p]) stackMatches = false;
      // The mover's band of rows (source y 320..360) holds nothing else.
      const row = Math.floor(p / OUT);
      if (row >= rowOf(MOVER.y) && row <= rowOf(MOVER.y + MOVER.h)) {
        sx += (p % OUT) * v;
        n += v;
      }
    }
    moverCentroids.push(n === 0 ? -1 : sx / n);
    show(`${name} stack k=${k}`, Uint8Array.from({ length: OUT * OUT }, (_, p) => stacked[p * 4 + k]));
  }
  live.mover.x = 20;
  step(live);

  // Smoothing qualities: error against the area average, and cost.
  const qualities: Record<string, unknown> = {};
  for (const q of QUALITIES) {
    const options: FrameCaptureOptions = { smoothingQuality: q };
    const cap = new FrameCapture(live.game.canvas, options);
    const frame = stepAndCapture(live, cap);
    qualities[q] = { mae: meanAbsError(frame, reference), ...regions(frame, reference), ...timeCaptures(live, cap) };
  }
  // Other scratch canvases, for comparison: a detached <canvas>, and a 2D canvas without
  // willReadFrequently (GPU-backed where there is a GPU), drawn and read with no packing.
  const scratch = {
    element: timeCaptures(live, new FrameCapture(live.game.canvas, { scratch: 'element' })),
    offscreenNoWillReadFrequently: timeCaptures(live, rawCapture(live.game.canvas, false)),
    offscreenWillReadFrequently: timeCaptures(live, rawCapture(live.game.canvas, true)),
  };
  step(live); // leave the default picture on screen for the screenshot

  return {
    renderer: live.game.renderer.type === Phaser.WEBGL ? 'WEBGL' : 'CANVAS',
    mae: meanAbsError(gray, reference),
    ...regions(gray, reference),
    redGray: gray[red],
    redRgb: Array.from(rgb.subarray(red * 3, red * 3 + 3)),
    rgbMaeVsGray: meanAbsError(Float64Array.from({ length: OUT * OUT }, (_, p) => lumaF(rgb.subarray(p * 3, p * 3 + 3))), gray),
    cropMae: meanAbsError(cropped, cropReference),
    cropRegions: regions(cropped, cropReference),
    cropWhiteCenter: cropped[outIndex(120, 130, CROP)],
    afterStepMae: meanAbsError(afterStep, reference),
    laterTaskMean: mean(laterTask),
    postUpdateMean: postUpdate === undefined ? -1 : mean(postUpdate),
    stackMatches,
    moverCentroids,
    stepMaes,
    qualities,
    scratch,
    timing: timeCaptures(live, full),
  };
}

async function main(): Promise<unknown> {
  document.body.style.cssText = 'background:#222;margin:4px';
  const webgl = await checkRenderer(Phaser.WEBGL, 'WEBGL');
  const canvas = await checkRenderer(Phaser.CANVAS, 'CANVAS');
  // With preserveDrawingBuffer the WebGL picture survives presentation: a later task reads it.
  const kept = await makeGame(Phaser.WEBGL, true);
  const cap = new FrameCapture(kept.game.canvas);
  step(kept);
  await nextFrame();
  const reference = areaResize(expectedLuma(20), SIZE, SIZE, { x: 0, y: 0, w: SIZE, h: SIZE }, OUT, OUT);
  const preservedLaterTaskMae = meanAbsError(cap.captureCopy(), reference);
  return { webgl, canvas, preservedLaterTaskMae, referenceMean: mean(reference) };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: Error) => ((window as unknown as { __result: unknown }).__result = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
