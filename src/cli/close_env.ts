/**
 * Closing a run's env without letting a failing `close()` replace the run's own outcome: the
 * run's result or error stands, and the close failure becomes a warning line.
 */

/** Calls `env.close()`; a throw is reported through `warn`, never rethrown. */
export function closeEnvQuietly(env: { close(): void }, envName: string, warn: (line: string) => void): void {
  try {
    env.close();
  } catch (e) {
    warn(`warning: env "${envName}" failed to close: ${e instanceof Error ? e.message : String(e)}`);
  }
}
