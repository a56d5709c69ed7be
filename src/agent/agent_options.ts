/**
 * What a game developer passes to `createAgent`, with every default, and the check that turns bad
 * options into one AgentError naming each problem. (attach's options: src/attach/attach_options.ts.)
 */
import type { CropRect } from '../observe/crop';
import { AgentError } from '../util/errors';

/** How the agent sees the game: pixels of the canvas, or a vector the game computes. */
export interface PixelObservationOptions {
  /** Frame width in pixels. Default 84. */
  width?: number;
  /** Frame height in pixels. Default 84. */
  height?: number;
  /** One luma channel (true) or RGB (false). Default true. */
  grayscale?: boolean;
  /** Frames stacked on the channel axis. Default: the spec's env.frame_op_len, else 4. */
  frameStack?: number;
  /**
   * Region of the canvas to observe, in canvas pixels; with several players, one region per
   * player (e.g. side-by-side arenas). Default: the whole canvas (every player sees all of it).
   */
  crop?: CropRect | readonly CropRect[];
}

/** A vector observation of `vector` numbers, read from attach's `observe()` at each decision. */
export interface VectorObservationOptions {
  /** Length of the vector `observe()` returns. */
  vector: number;
}

/** Options of `createAgent`. */
export interface AgentOptions {
  /** Names of the actions: a discrete action space of that size (at least 2). Required. */
  actions: readonly string[];
  /** Which spec of a file of named specs (needed when the file holds more than one). */
  specName?: string;
  /** Pixels (default `{}`: 84x84 gray, spec's frame stack) or `{vector: n}`. */
  observation?: PixelObservationOptions | VectorObservationOptions;
  /** 'auto' (default): WebGPU, then WASM, then CPU; or one of them only. */
  backend?: 'auto' | 'webgpu' | 'wasm' | 'cpu';
  /** Seed of the agent's random stream. Default: the spec's meta.random_seed, else 0. */
  seed?: number;
  /**
   * A URL serving the trainer worker script (the package's dist/worker.js). Default: none; the
   * SDK starts its own copy of that script from a blob: URL, which needs no bundler set-up. Set it
   * only where a Content-Security-Policy forbids blob: workers.
   */
  workerUrl?: string | URL;
  /**
   * Folder URL serving tfjs-backend-wasm's three .wasm files. Default: none; the SDK uses the
   * SIMD binary it carries inline. Set it only for browsers without WebAssembly SIMD.
   */
  wasmPaths?: string;
  /** Milliseconds after which a worker call counts as failed. Default 0 (none). */
  callTimeoutMs?: number;
  /**
   * The cap on the nets' trainable parameters, checked from the spec before anything is built (a
   * SpecError when over). Default 50,000,000.
   */
  maxParams?: number;
  /**
   * Players of one scene that share this agent's policy (each its own observation, reward and
   * episodes; they decide together in one batch). Default 1.
   */
  players?: number;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** True when `o` asks for a vector observation. */
export function isVectorObservation(o: AgentOptions['observation']): o is VectorObservationOptions {
  return o !== undefined && o !== null && typeof o === 'object' && 'vector' in o;
}

/** Checks createAgent's options; throws one AgentError listing every problem. */
export function checkAgentOptions(options: AgentOptions): void {
  const problems: string[] = [];
  if (options === null || typeof options !== 'object') throw new AgentError(`createAgent: options must be an object with at least \`actions\` (got ${String(options)})`);
  const a = options.actions;
  if (!Array.isArray(a) || a.length < 2 || !a.every((n) => typeof n === 'string')) {
    problems.push(`actions must be an array of at least 2 action names (got ${JSON.stringify(a)})`);
  } else if (new Set(a).size !== a.length) {
    problems.push(`actions must have distinct names (got ${JSON.stringify(a)})`);
  }
  const o = options.observation;
  if (isVectorObservation(o)) {
    if (!isPosInt(o.vector)) problems.push(`observation.vector must be a positive integer (got ${String(o.vector)})`);
  } else if (o !== undefined) {
    if (o === null || typeof o !== 'object') problems.push(`observation must be an object (got ${String(o)})`);
    else {
      for (const k of ['width', 'height', 'frameStack'] as const) {
        if (o[k] !== undefined && !isPosInt(o[k])) problems.push(`observation.${k} must be a positive integer (got ${String(o[k])})`);
      }
    }
  }
  const b = options.backend;
  if (b !== undefined && !['auto', 'webgpu', 'wasm', 'cpu'].includes(b)) problems.push(`backend must be 'auto', 'webgpu', 'wasm' or 'cpu' (got ${JSON.stringify(b)})`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) problems.push(`seed must be an integer (got ${String(options.seed)})`);
  if (options.maxParams !== undefined && !isPosInt(options.maxParams)) problems.push(`maxParams must be a positive integer (got ${String(options.maxParams)})`);
  const players = options.players ?? 1;
  if (!isPosInt(players)) problems.push(`players must be a positive integer (got ${String(options.players)})`);
  else if (!isVectorObservation(o) && o !== undefined && o !== null && Array.isArray(o.crop) && o.crop.length !== players) {
    problems.push(`observation.crop must have one region per player (${players}) (got ${o.crop.length})`);
  }
  if (problems.length > 0) throw new AgentError(`createAgent: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
}

