/**
 * A memory used out of order: sampled before it holds enough, or fed more steps than its
 * rollout holds. (Bad sizes in a spec are SpecErrors; wrong observation shapes are ShapeErrors.)
 */
import { PixelpilotError } from '../util/errors';

/** A memory was asked for something its current contents cannot give. Code `MEMORY_STATE`. */
export class MemoryError extends PixelpilotError {
  static override readonly CODE = 'MEMORY_STATE';
  constructor(message: string) {
    super(MemoryError.CODE, message, 'MemoryError');
  }
}
