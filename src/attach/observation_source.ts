/**
 * Where an attached agent's observations come from at each decision: the canvas (FrameCapture
 * into a FrameStack, HxWx(C*K) uint8) or the game's own vector (`observe()`, float32). Each read
 * returns a fresh array, since the agent transfers it to the worker.
 */
import { FrameCapture, type CaptureSource } from '../observe/frame_capture';
import { FrameStack } from '../observe/frame_stack';
import type { CropRect } from '../observe/crop';
import { ShapeError } from '../util/errors';
import { callUnbound } from './detached_method';
import { watchUpscale } from './upscale_warning';
import type { AgentWarning } from './warnings';

/** One env's observations, decision by decision. */
export interface ObservationSource {
  /** A new observation now (a pixel source captures a frame and pushes it on its stack). */
  read(): Uint8Array | Float32Array;
  /** A new episode starts: the next read begins a new stack. */
  reset(): void;
}

/** The pixel observation an agent was created with. */
export interface PixelLayout {
  width: number;
  height: number;
  grayscale: boolean;
  frameStack: number;
  crop: CropRect | undefined;
}

/**
 * Captures `canvas` (call `read` in the game's 'postrender' event for a WebGL canvas) and stacks
 * frames. With `onWarning`, an observation larger than the region it is read from is reported
 * (once, as `player`'s 'observation-upscaled' warning; see upscale_warning.ts).
 */
export function pixelSource(canvas: CaptureSource, layout: PixelLayout, onWarning?: (warning: AgentWarning) => void, player = 0): ObservationSource {
  const capture = new FrameCapture(canvas, {
    width: layout.width,
    height: layout.height,
    grayscale: layout.grayscale,
    ...(layout.crop === undefined ? {} : { crop: layout.crop }),
  });
  const stack = new FrameStack({ height: layout.height, width: layout.width, channels: capture.channels, length: layout.frameStack });
  const source: ObservationSource = {
    read: () => stack.push(capture.capture(), new Uint8Array(stack.stacked.length)),
    reset: () => stack.clear(),
  };
  return onWarning === undefined ? source : watchUpscale(source, layout.width, layout.height, capture, layout.crop !== undefined, player, onWarning);
}

/** Reads `observe(player)` as a float32 vector of `length`; ShapeError when it returns another length or a non-finite number. */
export function vectorSource(observe: (player: number) => ArrayLike<number>, length: number, player = 0): ObservationSource {
  return {
    read: () => {
      const v = callUnbound(observe, player);
      if (v === null || typeof v !== 'object' || v.length !== length) {
        throw new ShapeError(`attach: observe(${player}) must return ${length} numbers (got ${v === null || typeof v !== 'object' ? String(v) : `${v.length}`})`);
      }
      const out = Float32Array.from(v);
      for (let i = 0; i < length; i++) {
        if (!Number.isFinite(out[i])) throw new ShapeError(`attach: observe(${player})[${i}] must be a finite number (got ${v[i]})`);
      }
      return out;
    },
    reset: () => undefined,
  };
}
