/**
 * Stands in for src/backend/tf_core.ts in dist/play.js (see scripts/play_bundle.mjs): tfjs-core
 * with its chained ops, without `register_all_gradients` (a bot never differentiates).
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
