/**
 * tfjs-core with its gradients and chained ops registered. Internal to src/backend: the SDK
 * imports `./tf`, which adds the SDK's own gradient fixes on top of this module. The fix modules
 * import from here to keep the import graph free of cycles.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
