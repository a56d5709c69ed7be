/**
 * Stands in for src/backend/tf.ts in dist/play.js (see scripts/play_bundle.mjs): tfjs-core (its
 * chained ops and cpu backend registered, see ./tf_core.ts) without tfjs-core's gradients or the
 * SDK's gradient fixes. A bot only runs forward passes; leaving the gradients out keeps them
 * (tens of KB of tfjs, several of the SDK) out of a game's bundle. The Node tests run the full
 * modules; the browser test plays with the built dist/play.js.
 */
import { tf } from './tf_core';
import { silenceCpuBanner } from '../../backend/cpu_backend';

silenceCpuBanner();

export { tf };
export type { Tensor, Variable, Rank, NamedTensorMap } from '@tensorflow/tfjs-core';
