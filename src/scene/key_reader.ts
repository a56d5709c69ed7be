/**
 * A person's keys read as the agent's actions, for recording demonstrations (the other way round
 * from key_actuator.ts, with the same `keys` map). At each decision `read()` turns the keys held
 * into one action:
 *
 * - a key counts as held when it is down now, or when it went down since the last read (a tap
 *   shorter than a decision period is not lost);
 * - the action is the one whose keys are all held and which has the most keys; ties go to the
 *   action listed first in the map. So with `{up: 'UP', left: 'LEFT', upleft: ['UP', 'LEFT']}`,
 *   UP and LEFT held read as 'upleft', and UP, LEFT and SPACE (a key of no action) as 'upleft' too;
 * - no key of any action held: the no-key action, which is `noop` when given, else an action the
 *   map gives no key (`stay: []`), else the action named 'noop', 'none', 'stay' or 'idle'.
 *   A map with none of these is an AgentError when the reader is made.
 *
 * Keys are the scene's own Phaser Key objects (`addKey` returns the game's own when it made one),
 * so the reader sees what the game sees, and it never presses or lifts a key.
 */
import { AgentError } from '../util/errors';
import { lookUpKeys, type KeyboardLike, type KeyLike, type KeyMap } from './key_actuator';

/** Names of the action played when no key is held, when the map and the caller name none (as a training entry's noop). */
export const NO_KEY_NAMES: readonly string[] = ['noop', 'none', 'stay', 'idle'];

/** Reads a person's keys as actions. */
export interface KeyReader {
  /** The action (index into the actions) of the keys held now or pressed since the last read. */
  read(): number;
  /** The no-key action's index. */
  readonly noKey: number;
}

/**
 * A reader of `map`'s keys on `keyboard` for the agent's `actions` (AgentError for a bad map, as
 * the actuator's, or when no action stands for "no key held").
 */
export function keyReader(keyboard: KeyboardLike | null | undefined, map: KeyMap, actions: readonly string[], noop?: string, where = 'record: keys'): KeyReader {
  const byAction = lookUpKeys(keyboard, map, actions, where);
  const keyless = [...byAction].find(([, keys]) => keys.length === 0)?.[0];
  const named = noop ?? keyless ?? actions.find((a) => NO_KEY_NAMES.includes(a.toLowerCase()));
  if (named === undefined || !actions.includes(named)) {
    throw new AgentError(`${where}: ${named === undefined ? 'no action stands for "no key held"' : `noop '${named}' is not one of the actions`} ` +
      `(actions: ${actions.join(', ')}; none is called ${NO_KEY_NAMES.join(', ')} or mapped to no key): name it with noop: 'name', or map it to no key (e.g. stay: [])`);
  }
  const noKey = actions.indexOf(named);
  // Actions with keys, in the map's order, as action indices and their keys.
  const candidates = [...byAction].filter(([, keys]) => keys.length > 0).map(([a, keys]) => ({ action: actions.indexOf(a), keys: keys.map((k) => k.key) }));
  const lastDown = new Map<KeyLike, number | undefined>();
  for (const c of candidates) for (const k of c.keys) lastDown.set(k, k.timeDown);
  return {
    noKey,
    read() {
      const held = new Set<KeyLike>();
      for (const [key, before] of lastDown) {
        const t = key.timeDown;
        if (key.isDown || (t !== undefined && t !== 0 && t !== before)) held.add(key);
        lastDown.set(key, t);
      }
      let best = noKey;
      let most = 0;
      for (const c of candidates) {
        if (c.keys.length > most && c.keys.every((k) => held.has(k))) {
          best = c.action;
          most = c.keys.length;
        }
      }
      return best;
    },
  };
}
