/** Internal invariant check. The message is built lazily, only when the check fails. */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(`pixelpilot internal error: ${message()}`);
}
