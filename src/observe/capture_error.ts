/**
 * A capture that cannot work: an option with a value it cannot take, a source it cannot read, or a
 * browser without a 2D canvas. (Sizes and crops that do not fit are ShapeErrors.)
 */
import { PixelpilotError } from '../util/errors';

/** A frame capture was set up with something it cannot use. Code `CAPTURE_INVALID`. */
export class CaptureError extends PixelpilotError {
  static override readonly CODE = 'CAPTURE_INVALID';
  constructor(message: string) {
    super(CaptureError.CODE, message, 'CaptureError');
  }
}
