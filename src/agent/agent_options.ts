/**
 * What a game developer passes to `createAgent` and `agent.attach`, with every default, and the
 * checks that turn bad options into one AgentError naming each problem.
 */
import type { CropRect } from '../observe/crop';
import type { KeyMap } from '../phaser/key_actuator';
import { AgentError } from './agent_error';

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
   * Players of one scene that share this agent's policy (each its own observation, reward and
   * episodes; they decide together in one batch). Default 1.
   */
  players?: number;
}

/** What the agent does while attached. */
export type AgentMode = 'train' | 'inference' | 'heuristic';

/** Options of `agent.attach(scene, options)`. */
export interface AttachOptions {
  /**
   * Applies `player`'s action in the game. Called every frame once an action is known (repeated
   * between decisions). Required unless `keys` is given (then called after the keys are pressed).
   */
  act?: (action: number, name: string, player: number) => void;
  /**
   * Plays actions by holding the scene's keyboard keys: action name -> Phaser key name(s) or
   * code(s), e.g. `{left: 'LEFT', right: 'RIGHT', fire: 'SPACE'}`; unlisted actions press nothing.
   * With several players, one map per player. Keys are released on detach.
   */
  keys?: KeyMap | readonly KeyMap[];
  /**
   * `player`'s reward since the last call; called once per rendered frame (after rendering) and
   * summed over a decision. Return what was earned since the last call (e.g. keep a running total
   * and hand it over: `const r = this.pending; this.pending = 0; return r`), or push rewards with
   * `addReward` when they happen: a value set and reset within one frame (in a collider and in
   * update()) is never seen here. Throwing, or returning NaN or Infinity, is an 'error' event
   * (AgentCallbackError) and skips the frame for the agent. Default: none (use addReward).
   */
  reward?: (player: number) => number;
  /**
   * true when `player`'s episode is over (game over). Read on the scene's 'update' event (after
   * physics, before the scene's update()), its 'postupdate' event and after rendering, so it is
   * called several times a frame; a true (after a false) is kept until the next decision ends the
   * episode, so a flag set in a collider and cleared in update() is still seen, and a done() that
   * clears its flag when read works too.
   * Default: never (use endEpisode). With several players, report it for one frame and restart
   * that player's round.
   */
  done?: (player: number) => boolean;
  /** Decide every N frames; the last action is repeated (act called each frame) in between. Default 1. */
  decisionPeriod?: number;
  /** Cut an episode after this many decisions (truncated, not terminal). Default: no limit. */
  maxStep?: number;
  /** 'train' (default): act with exploration and learn; 'inference': act greedily; 'heuristic': `heuristic()` plays. */
  mode?: AgentMode;
  /** `player`'s action in 'heuristic' mode (and, if given, after a worker crash). */
  heuristic?: (player: number) => number;
  /** In 'heuristic' mode, send the heuristic's steps to the trainer to learn from. Default false. */
  learnFromHeuristic?: boolean;
  /** `player`'s allowed actions now (true = allowed), read at each decision. Default: all allowed. */
  actionMask?: (player: number) => readonly boolean[];
  /** `player`'s vector observation (required with `observation: {vector: n}`, unused with pixels). */
  observe?: (player: number) => ArrayLike<number>;
  /**
   * At most this many worker calls may be pending (one more at a decision that both observes and
   * asks). Beyond it a due decision waits (backpressure): the game keeps its last actions and the
   * open step grows until the worker catches up; no step is dropped ('backpressure' event,
   * `counters.waited` / `stalls`). Default 8.
   */
  maxInFlight?: number;
}

/** AttachOptions with every default filled in. */
export interface ResolvedAttachOptions {
  act: (action: number, name: string, player: number) => void;
  reward: ((player: number) => number) | null;
  done: ((player: number) => boolean) | null;
  decisionPeriod: number;
  maxStep: number;
  mode: AgentMode;
  heuristic: ((player: number) => number) | null;
  learnFromHeuristic: boolean;
  actionMask: ((player: number) => readonly boolean[]) | null;
  observe: ((player: number) => ArrayLike<number>) | null;
  maxInFlight: number;
}

const MODES: readonly AgentMode[] = ['train', 'inference', 'heuristic'];
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const fnOrNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

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
  const players = options.players ?? 1;
  if (!isPosInt(players)) problems.push(`players must be a positive integer (got ${String(options.players)})`);
  else if (!isVectorObservation(o) && o !== undefined && o !== null && Array.isArray(o.crop) && o.crop.length !== players) {
    problems.push(`observation.crop must have one region per player (${players}) (got ${o.crop.length})`);
  }
  if (problems.length > 0) throw new AgentError(`createAgent: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
}

/**
 * Fills attach's defaults and checks them against the agent (`vector`: its vector length, or null
 * for pixels). `keyPlay` presses the keys of an action for a player when `keys` was given (built
 * by the caller, who has the scene); `act` then runs after it.
 */
export function resolveAttachOptions(
  options: AttachOptions,
  vector: number | null,
  keyPlay: ((name: string, player: number) => void) | null = null,
  /** Problems the caller found in options of its own (pixelpilot/play's), reported in the same error. */
  moreProblems: readonly string[] = [],
): ResolvedAttachOptions {
  const problems: string[] = [...moreProblems];
  if (options === null || typeof options !== 'object') throw new AgentError(`attach: options must be an object with at least \`act\` or \`keys\` (got ${String(options)})`);
  if (options.act !== undefined && typeof options.act !== 'function') problems.push('act must be a function (action, name, player) => void');
  if (options.act === undefined && keyPlay === null) problems.push('act (a function (action, name, player) => void) or keys (action name -> key) is needed');
  for (const k of ['reward', 'done', 'heuristic', 'actionMask', 'observe'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function') problems.push(`${k} must be a function (got ${typeof options[k]})`);
  }
  const mode = options.mode ?? 'train';
  if (!MODES.includes(mode)) problems.push(`mode must be one of ${MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  if (mode === 'heuristic' && options.heuristic === undefined) problems.push("mode 'heuristic' needs a heuristic: () => action");
  const decisionPeriod = options.decisionPeriod ?? 1;
  if (!isPosInt(decisionPeriod)) problems.push(`decisionPeriod must be a positive integer (got ${String(decisionPeriod)})`);
  const maxStep = options.maxStep ?? Infinity;
  if (maxStep !== Infinity && !isPosInt(maxStep)) problems.push(`maxStep must be a positive integer (got ${String(maxStep)})`);
  const maxInFlight = options.maxInFlight ?? 8;
  if (!isPosInt(maxInFlight)) problems.push(`maxInFlight must be a positive integer (got ${String(maxInFlight)})`);
  if (vector !== null && options.observe === undefined) problems.push(`the agent observes a vector of ${vector}: attach needs observe: () => number[]`);
  if (problems.length > 0) throw new AgentError(`attach: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
  const userAct = options.act;
  const act = keyPlay === null
    ? userAct!
    : (a: number, name: string, player: number) => {
      keyPlay(name, player);
      userAct?.(a, name, player);
    };
  return {
    act,
    reward: fnOrNull(options.reward),
    done: fnOrNull(options.done),
    decisionPeriod,
    maxStep,
    mode,
    heuristic: fnOrNull(options.heuristic),
    learnFromHeuristic: options.learnFromHeuristic ?? false,
    actionMask: fnOrNull(options.actionMask),
    observe: fnOrNull(options.observe),
    maxInFlight,
  };
}
