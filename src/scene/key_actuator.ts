/**
 * Plays actions by pressing a Phaser scene's keyboard keys, so a game that reads
 * `cursors.left.isDown` (or listens for 'keydown-SPACE') is driven by the agent without a line of
 * agent-specific code. An action holds its keys down until another action is played; keys of no
 * action stay up ('stay' maps to nothing). Each key is the scene's own `Phaser.Input.Keyboard.Key`
 * (what `addKey` / `createCursorKeys` return), pressed through its `onDown` / `onUp` and announced on
 * the keyboard plugin like a real key event. No real DOM event is dispatched, so other scenes and
 * the page never see the agent's keys.
 *
 * Phaser lifts every key by itself (`Key.reset()`, no 'keyup') when the scene pauses or sleeps and
 * when the window loses focus. The actuator never trusts its own memory of what it holds: each
 * `play` (the decision loop plays the action in force every frame) presses again any key of the
 * action that the game reset, and `reassert()` does so at once (on the scene's 'resume' / 'wake').
 */
import { AgentError } from '../util/errors';

/** Action name -> the key(s) it holds down: Phaser key names ('LEFT', 'SPACE', 'A') or key codes. */
export type KeyMap = Readonly<Record<string, string | number | readonly (string | number)[]>>;

/** What the actuator needs of a Phaser Key. */
export interface KeyLike {
  keyCode: number;
  isDown: boolean;
  /** When it last went down (the event's timeStamp; Phaser sets it on a press, 0 on a reset). Read by the key reader. */
  timeDown?: number;
  onDown(event: KeyboardEventLike): void;
  onUp(event: KeyboardEventLike): void;
}

/** What the actuator needs of `scene.input.keyboard` (Phaser's KeyboardPlugin). */
export interface KeyboardLike {
  addKey(key: string | number, enableCapture?: boolean, emitOnRepeat?: boolean): KeyLike;
  emit(event: string, ...args: unknown[]): unknown;
}

/** The parts of a KeyboardEvent that Phaser's Key and listeners read. */
export interface KeyboardEventLike {
  type: 'keydown' | 'keyup';
  key: string;
  keyCode: number;
  timeStamp: number;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  location: number;
  repeat: boolean;
  /** Set so listeners can tell the agent's presses from a player's. */
  pixelpilot: true;
  preventDefault(): void;
  stopPropagation(): void;
}

/** Presses keys for actions; `release()` lifts every key it holds. */
export interface KeyActuator {
  /** Holds the keys of `actionName` and lifts the others this actuator pressed. */
  play(actionName: string): void;
  /** Lifts every key held (on detach, so the game does not keep moving). */
  release(): void;
  /** Presses again every key of the action in force that the game lifted itself (Phaser's resetKeys). */
  reassert(): void;
}

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

function keyEvent(type: 'keydown' | 'keyup', name: string, keyCode: number): KeyboardEventLike {
  const noop = (): void => undefined;
  return { type, key: name, keyCode, timeStamp: now(), altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, location: 0, repeat: false, pixelpilot: true, preventDefault: noop, stopPropagation: noop };
}

/** The keys of each action of a map, as the scene's own Key objects, with the names they were given. */
export type ActionKeys = Map<string, { key: KeyLike; name: string }[]>;

/**
 * Checks `map` against the action names and looks up its keys on `keyboard`: the scene's own Key
 * objects (Phaser's `addKey` returns the key the game made, if it made one). AgentError for an
 * action that does not exist, a key Phaser does not know, or a scene without a keyboard.
 */
export function lookUpKeys(keyboard: KeyboardLike | null | undefined, map: KeyMap, actions: readonly string[], where: string): ActionKeys {
  if (keyboard === null || keyboard === undefined || typeof keyboard.addKey !== 'function') {
    throw new AgentError(`${where}: the scene has no keyboard (scene.input.keyboard); enable input.keyboard in the game config or pass act instead`);
  }
  const problems: string[] = [];
  const byAction: ActionKeys = new Map();
  for (const [action, spec] of Object.entries(map)) {
    if (!actions.includes(action)) {
      problems.push(`${action}: not an action of this agent (${actions.join(', ')})`);
      continue;
    }
    const list = Array.isArray(spec) ? spec : [spec];
    const keys: { key: KeyLike; name: string }[] = [];
    for (const k of list as (string | number)[]) {
      const valid = (typeof k === 'string' && k !== '') || (typeof k === 'number' && Number.isSafeInteger(k) && k > 0);
      const key = valid ? keyboard.addKey(typeof k === 'string' ? k.toUpperCase() : k, false, false) : undefined;
      if (key === undefined || key === null || !Number.isSafeInteger(key.keyCode)) problems.push(`${action}: ${JSON.stringify(k)} is not a Phaser key name or key code`);
      else keys.push({ key, name: String(k) });
    }
    byAction.set(action, keys);
  }
  if (problems.length > 0) throw new AgentError(`${where}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.join('\n  ')}`);
  return byAction;
}

/**
 * Checks `map` against the action names and looks up its keys on `keyboard` (AgentError for an
 * action that does not exist, a key Phaser does not know, or a scene without a keyboard).
 */
export function keyActuator(keyboard: KeyboardLike | null | undefined, map: KeyMap, actions: readonly string[], where = 'attach: keys'): KeyActuator {
  const byAction = lookUpKeys(keyboard, map, actions, where);
  const board = keyboard!;
  const held = new Set<KeyLike>();
  const names = new Map<KeyLike, string>();
  for (const list of byAction.values()) for (const { key, name } of list) names.set(key, name.toUpperCase());
  const press = (key: KeyLike): void => {
    const e = keyEvent('keydown', names.get(key)!, key.keyCode);
    key.onDown(e);
    board.emit('keydown', e);
    board.emit(`keydown-${names.get(key)}`, e);
    held.add(key);
  };
  const lift = (key: KeyLike): void => {
    const e = keyEvent('keyup', names.get(key)!, key.keyCode);
    key.onUp(e);
    board.emit('keyup', e);
    board.emit(`keyup-${names.get(key)}`, e);
    held.delete(key);
  };
  // A key the game reset (isDown false) is no longer held, whatever `held` says.
  const forgetReset = (): void => {
    for (const key of [...held]) if (!key.isDown) held.delete(key);
  };
  let current: Set<KeyLike> = new Set();
  return {
    play(actionName) {
      forgetReset();
      current = new Set((byAction.get(actionName) ?? []).map((k) => k.key));
      for (const key of [...held]) if (!current.has(key)) lift(key);
      for (const key of current) if (!held.has(key)) press(key);
    },
    release() {
      forgetReset();
      current = new Set();
      for (const key of [...held]) lift(key);
    },
    reassert() {
      forgetReset();
      for (const key of current) if (!held.has(key)) press(key);
    },
  };
}

/**
 * One actuator per player from attach's `keys`: a single map for a one-player scene, or one map
 * per player. AgentError when the count does not match.
 */
export function keyActuators(keyboard: KeyboardLike | null | undefined, keys: KeyMap | readonly KeyMap[], actions: readonly string[], players: number): KeyActuator[] {
  const maps = Array.isArray(keys) ? (keys as readonly KeyMap[]) : [keys as KeyMap];
  if (maps.length !== players || maps.some((m) => m === null || typeof m !== 'object' || Array.isArray(m))) {
    throw new AgentError(`attach: keys must be ${players === 1 ? 'an object action -> key(s)' : `one object action -> key(s) per player (${players})`} (got ${Array.isArray(keys) ? `${keys.length} maps` : typeof keys})`);
  }
  return maps.map((m, p) => keyActuator(keyboard, m, actions, players === 1 ? 'attach: keys' : `attach: keys[${p}]`));
}
