/**
 * The training entry: a module a game developer writes once next to the game, whose default export
 * says how to train on the game's own Phaser scene headless (`trainGame` in a page, `pixelpilot
 * train SPEC --game ENTRY` from a terminal). A plain object works; `defineTraining` only adds types.
 */
import { AgentError } from '../util/errors';
import { checkAgentOptions, type PixelObservationOptions, type VectorObservationOptions } from '../agent/agent_options';
import type { AttachOptions } from '../attach/attach_options';
import type { SceneLike } from '../scene/scene_hooks';

/** A scene class the fast mode makes one instance of per copy (`new scene()`, no arguments). */
export type SceneClass<S> = new () => S;

/** The seeded random stream `reset(scene, rng)` gets: its own per copy and episode. */
export interface StartRandom {
  /** Uniform float in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
}

/** How to train on a game: its Phaser config, its scene, the agent's actions and view, and attach's options. */
export interface TrainingEntry<S extends object = SceneLike> {
  /**
   * The Phaser game config minus `scene` (type, width, height, backgroundColor, physics ...). The
   * fast mode adds `scene`, `parent`, `banner: false` and `audio: {noAudio: true}`. Phaser.CANVAS
   * reads pixels ~10x cheaper than WEBGL on machines without a GPU.
   */
  game: Record<string, unknown>;
  /** The game's own Phaser.Scene subclass; one instance per copy, built with no arguments. */
  scene: SceneClass<S>;
  /** The action names, as createAgent takes them. */
  actions: readonly string[];
  /** How the agent sees the game, as createAgent takes it. Default: 84x84 gray, the spec's frame stack. */
  observation?: PixelObservationOptions | VectorObservationOptions;
  /**
   * agent.attach's options for one copy's scene, called once per copy after the scene's create().
   * `player` arguments of the callbacks are always 0 (each copy is one player); `keys` press that
   * copy's own keys (one map); `mode` is not used (the fast mode sets it).
   */
  attach: (scene: S, copy: number) => AttachOptions;
  /**
   * Randomises the start of an episode (serve direction, enemy positions ...): called at the
   * beginning of each episode of each copy, before its no-op start, with a random stream seeded by
   * the run's seed, the copy and the episode (and inside the copy's seeded Math.random). Not
   * called when random starts are off (`randomStarts: false`, `--no-random-starts`). Default: none.
   */
  reset?: (scene: S, rng: StartRandom) => void;
  /**
   * The action that does nothing, played during no-op starts (random starts, see trainGame's
   * `randomStarts`). Default: the action named 'noop', 'none', 'stay' or 'idle', if there is one;
   * random starts with no-ops and no such action are an AgentError.
   */
  noop?: string;
  /**
   * The game's default for the most no-op decisions before an episode (`randomStarts.noops` when
   * the caller gives none). 0 suits a game whose episodes must be seen from their first frame (a
   * cue shown once). Default 30, the ALE's.
   */
  noopMax?: number;
  /**
   * A scripted player: the action (index or name) for `player` of `scene` now, called at each
   * decision while `pixelpilot record --game` (recordGame) records demonstrations of it. It reads
   * the game's own state (it is not the agent: it may know where things are). `player` is 0 in the
   * fast mode (each copy is one player). Default: none (record --game then refuses the entry).
   */
  heuristic?: (scene: S, player: number) => number | string;
  /**
   * What follows an episode that attach's `maxStep` cut (the game did not end it), in the fast
   * mode's copies: 'restart' (default) restarts the copy's scene (`scene.restart()`) so that the
   * next episode begins from the game's start, as a Gymnasium env resets after truncation;
   * 'continue' begins it where the cut left the game. A game that only ends at a game over
   * otherwise hands later episodes a world the agent already emptied. An agent attached to the
   * player's own game is never restarted.
   */
  onCut?: 'restart' | 'continue';
  /**
   * What follows an episode the game ended (attach's `done` was true), in the fast mode's copies:
   * 'continue' (default) begins the next one wherever the game goes on, right for a game that
   * starts a new round itself at its game over (snake and the first game restart their scene;
   * pong serves again); 'restart' restarts the copy's scene first, for a game whose agent episode
   * is one part of a longer game that keeps its state (one ball or one life of breakout, whose
   * wall stays as the last ball left it). Without it such copies play an ever more worn game as
   * training goes on: breakout's walls emptied, its returns fell and the arcade preset did not
   * learn. An agent attached to the player's own game is never restarted.
   */
  onDone?: 'restart' | 'continue';
}

/** Returns `entry` as it is, typed: `export default defineTraining({ game, scene, actions, attach })`. */
export function defineTraining<S extends object>(entry: TrainingEntry<S>): TrainingEntry<S> {
  return entry;
}

/**
 * Checks a training entry (or the module holding it as its default export) and returns it.
 * Throws one AgentError listing every problem, each named by key, with `where` (a file or 'trainGame').
 */
export function checkTrainingEntry<S extends object = object>(value: unknown, where = 'trainGame'): TrainingEntry<S> {
  const entry = unwrapDefault(value);
  if (entry === null || typeof entry !== 'object') {
    throw new AgentError(`training entry ${where}: must be an object (or a module whose default export is one) with game, scene, actions and attach (got ${describe(entry)})`);
  }
  const e = entry as Record<string, unknown>;
  const problems: string[] = [];
  if (e.game === null || typeof e.game !== 'object' || Array.isArray(e.game)) problems.push(`game must be a Phaser game config object (got ${describe(e.game)})`);
  else if ('scene' in e.game) problems.push('game must not name a scene: give the scene class as `scene` (the fast mode builds one per copy)');
  if (typeof e.scene !== 'function' || e.scene.prototype === undefined) problems.push(`scene must be a Phaser.Scene subclass (got ${describe(e.scene)})`);
  if (typeof e.attach !== 'function') problems.push(`attach must be a function (scene, copy) => agent.attach's options (got ${describe(e.attach)})`);
  try {
    checkAgentOptions({ actions: e.actions as string[], ...(e.observation === undefined ? {} : { observation: e.observation as PixelObservationOptions }) });
  } catch (err) {
    // checkAgentOptions lists its problems after the first line.
    problems.push(...String((err as Error).message).split('\n').slice(1).map((l) => l.trim()));
  }
  if (e.reset !== undefined && typeof e.reset !== 'function') problems.push(`reset must be a function (scene, rng) => void (got ${describe(e.reset)})`);
  if (e.noop !== undefined && (typeof e.noop !== 'string' || !Array.isArray(e.actions) || !(e.actions as unknown[]).includes(e.noop))) {
    problems.push(`noop must name one of the actions${Array.isArray(e.actions) ? ` (${(e.actions as unknown[]).join(', ')})` : ''} (got ${describe(e.noop)})`);
  }
  if (e.noopMax !== undefined && !(Number.isSafeInteger(e.noopMax) && (e.noopMax as number) >= 0)) problems.push(`noopMax must be an integer >= 0 (got ${describe(e.noopMax)})`);
  if (e.heuristic !== undefined && typeof e.heuristic !== 'function') problems.push(`heuristic must be a function (scene, player) => action index or name (got ${describe(e.heuristic)})`);
  for (const key of ['onCut', 'onDone'] as const) {
    if (e[key] !== undefined && e[key] !== 'restart' && e[key] !== 'continue') problems.push(`${key} must be 'restart' or 'continue' (got ${describe(e[key])})`);
  }
  const unknown = Object.keys(e).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) problems.push(`unknown key${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (known: ${KEYS.join(', ')})`);
  if (problems.length > 0) throw new AgentError(`training entry ${where}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.join('\n  ')}`);
  return entry as TrainingEntry<S>;
}

const KEYS = ['game', 'scene', 'actions', 'observation', 'attach', 'reset', 'noop', 'noopMax', 'heuristic', 'onCut', 'onDone'];

/** A module namespace's default export, or the value itself. */
function unwrapDefault(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'default' in value && !('scene' in value)) return (value as { default: unknown }).default;
  return value;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `${typeof v} ${String(v)}`;
}
