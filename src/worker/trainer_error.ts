/**
 * A Trainer used out of order or with options it cannot use: a call before `init` or after
 * `dispose`, an unknown backend name, a seed that is not an integer. (Bad specs are SpecErrors,
 * observations or spaces that do not fit are ShapeErrors, damaged policies are StorageErrors.)
 */
import { PixelpilotError } from '../util/errors';

/** A Trainer call that cannot run in the Trainer's state or with these options. Code `TRAINER_INVALID`. */
export class TrainerError extends PixelpilotError {
  static override readonly CODE = 'TRAINER_INVALID';
  /** The Trainer method that refused the call. */
  readonly method: string;
  constructor(method: string, message: string) {
    super(TrainerError.CODE, `Trainer.${method}: ${message}`, 'TrainerError');
    this.method = method;
  }
}
