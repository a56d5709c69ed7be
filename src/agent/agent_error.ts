/**
 * Misuse of an Agent: bad createAgent / attach options, attaching twice, calling an agent after
 * dispose. Code `AGENT_INVALID`. Made and thrown on the main thread only (it never crosses the
 * worker boundary), so error_transport.ts need not know it.
 */
import { PixelpilotError } from '../util/errors';

/** An Agent was given options it cannot use, or used in a state that does not allow the call. */
export class AgentError extends PixelpilotError {
  static override readonly CODE = 'AGENT_INVALID';
  constructor(message: string) {
    super(AgentError.CODE, message, 'AgentError');
  }
}
