import { PixelpilotError } from '../util/errors';

/**
 * An environment that cannot be used: an unknown name, a user env module that does not load or
 * does not return an Env, spaces that are malformed, or a reset/step that misbehaves. The message
 * names the env (a built-in name or the module's path), the method and what was wrong.
 */
export class EnvError extends PixelpilotError {
  static override readonly CODE = 'ENV_INVALID';
  /** The env's name or module path, when known. */
  readonly env: string | undefined;
  constructor(message: string, options: { env?: string; cause?: unknown } = {}) {
    super(EnvError.CODE, message, 'EnvError');
    this.env = options.env;
    // Kept so that a throw inside user code can still be inspected.
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
