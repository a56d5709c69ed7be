/**
 * The `detached-method` trap: a class method passed as an attach callback without its object
 * (`attach: (scene) => ({ reward: scene.takeReward })`) runs with a `this` that is not the scene,
 * reads undefined fields and returns undefined, and the user sees only "reward(0) must return a
 * finite number". So every attach callback is called with `this` bound to UNBOUND_THIS, a Proxy
 * that throws a ThisRead at the first touch (read, write, `in`, keys) of a property: a callback
 * that uses `this` is caught at its first call, with the property it used, and the
 * AgentCallbackError says how to fix it (call_game.ts; the loop also reports a warning once).
 * Arrow functions and bound functions ignore the `this` of a call, and a plain function that
 * never uses `this` never touches it, so neither is ever flagged. The cost is the call's own: the
 * Proxy is one object for every loop, and nothing is allocated unless a callback touches it.
 */
import type { AttachCallbackName } from '../util/errors';
import type { AgentWarning } from './warnings';

/** Thrown by UNBOUND_THIS when a callback uses it: which property, and how. */
export class ThisRead extends Error {
  /** The name of the function that used `this` (filled by callUnbound; '' when anonymous). */
  method: string | undefined = undefined;
  constructor(readonly property: string, readonly access: 'reads' | 'writes') {
    super(`${access} this.${property}`);
    this.name = 'ThisRead';
  }
}

const touched = (access: 'reads' | 'writes') => (_target: object, key: string | symbol): never => {
  throw new ThisRead(String(key), access);
};

/** The `this` of every attach callback the loop calls: touching any property of it throws ThisRead. */
export const UNBOUND_THIS: object = new Proxy(Object.create(null) as object, {
  get: touched('reads'),
  has: touched('reads'),
  getOwnPropertyDescriptor: touched('reads'),
  ownKeys: () => {
    throw new ThisRead('<keys>', 'reads');
  },
  set: touched('writes'),
  deleteProperty: touched('writes'),
  defineProperty: touched('writes'),
});

/**
 * Calls the game's `fn` with `this` = UNBOUND_THIS and the given arguments (unused ones are
 * undefined); a ThisRead thrown by it gets `fn`'s name and is rethrown for callGame to report.
 */
export function callUnbound<R>(fn: (...args: never[]) => R, a: unknown, b?: unknown, c?: unknown): R {
  try {
    return (fn as (this: unknown, a: unknown, b: unknown, c: unknown) => R).call(UNBOUND_THIS, a, b, c);
  } catch (e) {
    if (e instanceof ThisRead) e.method ??= fn.name;
    throw e;
  }
}

/** How a fixed callback looks, for messages: `reward: () => scene.takeReward()` and `scene.takeReward.bind(scene)`. */
function fixes(callback: AttachCallbackName, method: string): [arrow: string, bound: string] {
  const m = method === '' ? 'yourMethod' : method;
  const call = callback === 'act' ? `(action, name) => scene.${m}(action, name)` : `() => scene.${m}()`;
  return [`${callback}: ${call}`, `scene.${m}.bind(scene)`];
}

/**
 * The problem text of the AgentCallbackError for `callback` (after "attach: reward(0) "):
 * "reads this.pendingReward, but was passed without its object: use an arrow function
 * (reward: () => scene.takeReward()) or bind it (scene.takeReward.bind(scene))".
 */
export function detachedProblem(callback: AttachCallbackName, read: ThisRead): string {
  const [arrow, bound] = fixes(callback, read.method ?? '');
  return `${read.access} this.${read.property}, but was passed without its object: use an arrow function (${arrow}) or bind it (${bound})`;
}

/** The warning for `callback` (once per callback and attachment; the loop keeps the count). */
export function detachedWarning(callback: AttachCallbackName, player: number, read: ThisRead): AgentWarning {
  const name = read.method === undefined || read.method === '' ? 'a function' : `the method ${read.method}`;
  return {
    code: 'detached-method',
    player,
    message: `${callback} is ${name} passed without its object: it ${detachedProblem(callback, read)}. ` +
      `Every call of ${callback} fails until it is fixed (an AgentCallbackError each time).`,
  };
}
