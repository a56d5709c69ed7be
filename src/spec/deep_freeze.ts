/**
 * Recursive Object.freeze, for resolved specs (which are saved with the weights and shared).
 */

/**
 * Freezes `value` and every object and array inside it, and returns it. The static type stays
 * `T` so resolved specs keep their plain interfaces; writes throw in strict mode at run time.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
