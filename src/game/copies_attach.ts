/**
 * agent.attach's options for N copies of a game played by one agent (`players: N`): each copy's
 * own options (the entry's `attach(scene, copy)`) answer for player `copy`. Their callbacks are
 * called with player 0 (each copy is a one-player game) inside that copy's Math.random stream.
 * `keys` press the copy's own scene's keys, as in the game (each copy has its own keyboard).
 */
import { AgentError } from '../util/errors';
import type { AgentMode, AttachOptions } from '../attach/attach_options';
import { callUnbound } from '../attach/detached_method';
import { keyActuator, type KeyActuator, type KeyboardLike, type KeyMap } from '../scene/key_actuator';

/** The key actuator of one copy's `keys` (on that copy's own scene), or null without keys. */
function copyKeys(o: AttachOptions, scene: object, actions: readonly string[], copy: number): KeyActuator | null {
  if (o.keys === undefined) return null;
  if (Array.isArray(o.keys)) throw new AgentError(`training entry: attach(scene, ${copy}).keys must be one map action -> key(s): each copy is one player`);
  const keyboard = (scene as { input?: { keyboard?: KeyboardLike | null } }).input?.keyboard;
  return keyActuator(keyboard, o.keys as KeyMap, actions, `training entry: attach(scene, ${copy}).keys`);
}

/**
 * Per-copy options joined into one set for `players = perCopy.length`; `scenes` are the copies'
 * scenes (for their keyboards), `actions` the agent's action names. An entry's `overlap` (shared
 * with the game page's attach, as the README's agentOptions() are) is not carried: the copies act
 * beside training by trainGame's own `overlap` (`--overlap`).
 */
export function copiesAttach(
  perCopy: readonly AttachOptions[],
  mode: AgentMode,
  inCopy: <T>(copy: number, fn: () => T) => T,
  scenes: readonly object[] = [],
  actions: readonly string[] = [],
): AttachOptions {
  const first = perCopy[0]!;
  const keys: (KeyActuator | null)[] = [];
  perCopy.forEach((o, i) => {
    if (o === null || typeof o !== 'object') throw new AgentError(`training entry: attach(scene, ${i}) must return agent.attach's options (got ${String(o)})`);
    keys.push(copyKeys(o, scenes[i] ?? {}, actions, i));
    if (o.act === undefined && keys[i] === null) throw new AgentError(`training entry: attach(scene, ${i}) must give act: (action, name) => void, or keys (action name -> key)`);
    for (const k of ['decisionPeriod', 'maxStep'] as const) {
      if (o[k] !== first[k]) throw new AgentError(`training entry: every copy must have the same ${k} (copy 0: ${String(first[k])}, copy ${i}: ${String(o[k])})`);
    }
  });
  const each = <K extends 'reward' | 'done' | 'observe' | 'actionMask' | 'heuristic'>(key: K) => {
    if (perCopy.every((o) => o[key] === undefined)) return {};
    if (perCopy.some((o) => o[key] === undefined)) throw new AgentError(`training entry: ${key} must be given for every copy or none`);
    // Called without `this`, as the loop calls a game's callbacks, so a detached method is caught here too.
    return { [key]: (p: number) => inCopy(p, () => callUnbound(perCopy[p]![key] as (player: number) => unknown, 0)) };
  };
  return {
    act: (a, name, p) => inCopy(p, () => {
      keys[p]?.play(name);
      const act = perCopy[p]!.act;
      if (act !== undefined) callUnbound(act, a, name, 0);
    }),
    ...each('reward'),
    ...each('done'),
    ...each('observe'),
    ...each('actionMask'),
    ...(mode === 'heuristic' ? each('heuristic') : {}),
    ...(first.decisionPeriod === undefined ? {} : { decisionPeriod: first.decisionPeriod }),
    ...(first.maxStep === undefined ? {} : { maxStep: first.maxStep }),
    ...(first.maxInFlight === undefined ? {} : { maxInFlight: first.maxInFlight }),
    mode,
  } as AttachOptions;
}
