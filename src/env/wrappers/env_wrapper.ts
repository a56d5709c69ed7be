import type { Action, ActionSpace, Env, ObservationSpace, ResetOptions, ResetResult, StepResult } from '../env';

/**
 * Base of the env wrappers: forwards everything to the wrapped env, including the optional
 * actionMask and close, so a subclass overrides only what it changes.
 */
export class EnvWrapper implements Env {
  observationSpace: ObservationSpace;
  readonly actionSpace: ActionSpace;
  readonly actionMask?: () => Uint8Array;

  constructor(readonly inner: Env) {
    this.observationSpace = inner.observationSpace;
    this.actionSpace = inner.actionSpace;
    // Present only when the inner env has one, so callers can test for it.
    if (inner.actionMask) this.actionMask = () => inner.actionMask!();
  }

  reset(options?: ResetOptions): ResetResult {
    return this.inner.reset(options);
  }

  step(action: Action): StepResult {
    return this.inner.step(action);
  }

  close(): void {
    this.inner.close?.();
  }
}
