/**
 * What a game passes to `attach` (an Agent's or a Bot's), with every default, and the check that
 * turns bad options into one AgentError naming each problem.
 */
import type { KeyMap } from '../scene/key_actuator';
import { AgentError } from '../util/errors';
import { callUnbound } from './detached_method';

/** What the agent does while attached. */
export type AgentMode = 'train' | 'inference' | 'heuristic';

/**
 * Options of `agent.attach(scene, options)`.
 *
 * Warnings: an attached agent watches for traps that make training silently slow or useless and
 * reports each once per attachment (the Agent's 'warning' event, a Bot's `onWarning`; see
 * AgentWarning's `code`):
 * - 'observation-upscaled': the observation is larger than the canvas (or crop) it reads, at a read;
 * - 'detached-method': a callback used its `this` (a method passed without its object; every
 *   callback is called with a `this` that throws on use, so the failure says how to fix it);
 * - 'no-episode-end': no episode of a player ended in its first 2,000 decisions;
 * - 'reward-always-zero': every reward of the first 2,000 steps (decisions over all players) was 0;
 * - 'short-horizon' (Agent only, once per agent): the median of the first 10 episodes the game
 *   ended is over 10 times the spec's horizon 1/(1-gamma), in decisions;
 * - 'overlap-off' (Agent only): `overlap: true` was asked for, but the agent acts in its training
 *   worker (the spec does not train in rounds a second worker can act beside, or none started,
 *   or it crashed: the attachment then acts on in the training worker, which lost nothing).
 * 'no-episode-end' and 'reward-always-zero' are watched when learning, and otherwise (inference,
 * a Bot) only when the game gave `done` / `reward`; 'short-horizon' only when learning.
 */
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
  /**
   * In 'train' mode with PPO or ActorCritic (A2C) and a feedforward net: a second worker acts on
   * weights one round behind while the agent's worker trains a round, so the game's agent keeps
   * playing through training rounds instead of holding its last actions until each round ends
   * (the first decisions wait for that worker to start). The rollout each round trains on was
   * then acted by the weights before the last round; PPO weighs its samples for that (decoupled
   * PPO, as `train --game --overlap`). Other specs act in the training worker as without it, with
   * an 'overlap-off' warning saying why; so does an attachment whose second worker crashed.
   * `pixelpilot train --game` does not read it from a training entry: its copies act beside
   * training with `--overlap`. Default false.
   */
  overlap?: boolean;
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
  overlap: boolean;
}

const MODES: readonly AgentMode[] = ['train', 'inference', 'heuristic'];
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const fnOrNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

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
  const overlap = options.overlap ?? false;
  if (typeof overlap !== 'boolean') problems.push(`overlap must be a boolean (got ${String(overlap)})`);
  else if (overlap && mode !== 'train') problems.push(`overlap acts beside training: it needs mode 'train' (got ${JSON.stringify(mode)})`);
  if (vector !== null && options.observe === undefined) problems.push(`the agent observes a vector of ${vector}: attach needs observe: () => number[]`);
  if (problems.length > 0) throw new AgentError(`attach: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
  const userAct = options.act;
  const act = keyPlay === null
    ? userAct!
    : (a: number, name: string, player: number) => {
      keyPlay(name, player);
      if (userAct !== undefined) callUnbound(userAct, a, name, player);
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
    overlap,
  };
}
