/**
 * agent.attach's options for N copies of a game played by one agent (`players: N`): each copy's
 * own options (the entry's `attach(scene, copy)`) answer for player `copy`. Their callbacks are
 * called with player 0 (each copy is a one-player game) inside that copy's Math.random stream.
 */
import { AgentError } from '../util/errors';
import type { AgentMode, AttachOptions } from '../attach/attach_options';
import { callUnbound } from '../attach/detached_method';

/** Per-copy options joined into one set for `players = perCopy.length`. */
export function copiesAttach(perCopy: readonly AttachOptions[], mode: AgentMode, inCopy: <T>(copy: number, fn: () => T) => T): AttachOptions {
  const first = perCopy[0]!;
  perCopy.forEach((o, i) => {
    if (o === null || typeof o !== 'object') throw new AgentError(`training entry: attach(scene, ${i}) must return agent.attach's options (got ${String(o)})`);
    if (o.keys !== undefined) throw new AgentError('training entry: attach options with `keys` are not supported by the fast mode; give `act` (it is called with the action every frame)');
    if (o.act === undefined) throw new AgentError(`training entry: attach(scene, ${i}) must give act: (action, name) => void`);
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
    act: (a, name, p) => inCopy(p, () => callUnbound(perCopy[p]!.act!, a, name, 0)),
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
