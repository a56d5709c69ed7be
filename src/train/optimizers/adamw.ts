/** torch.optim.AdamW: Adam with decoupled weight decay. */
import type { tf } from '../../backend/tf';
import { AdamBase, type AdamOptions } from './adam';

/**
 * torch.optim.AdamW: before the Adam update, p = p * (1 - lr * weight_decay) (weight_decay
 * default 0.01, PyTorch's); the gradient itself carries no decay term.
 */
export class AdamW extends AdamBase {
  readonly name = 'AdamW' as const;
  constructor(params: readonly tf.Variable[], options: AdamOptions) {
    super(params, options, true, 0.01);
  }
}
