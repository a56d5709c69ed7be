/**
 * The one place the SDK imports tfjs-core from. tfjs-core alone registers no gradients and no
 * chained ops (some core gradients call `x.split` and friends), so both are registered here,
 * once, as a side effect of importing this module.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
export type { Tensor, Variable, Rank, NamedTensorMap } from '@tensorflow/tfjs-core';
