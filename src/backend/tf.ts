/**
 * The one place the SDK imports tfjs-core from. Importing it registers, once:
 * - tfjs-core's gradients and chained ops (tfjs-core alone registers neither, and some core
 *   gradients call `x.split` and friends);
 * - the SDK's gradient overrides, which hold on every backend (conv2d for any stride, dilation
 *   and padding; matMul without transpose flags on wasm; zero gradients for comparisons), see
 *   `register_gradients.ts` (`selectBackend` registers them again, in case a chunk-splitting
 *   bundler evaluated tfjs-core's own registration after them);
 * - the pure-JS cpu backend, so tensor code works before a backend is chosen (choosing is
 *   `selectBackend`'s job; nothing here picks one).
 * The wasm kernel fixes need the wasm backend module and are registered by `selectBackend`
 * (or `registerWasmKernels` from wasm_kernels.ts) so that browser bundles load wasm only when it
 * is used. Set backends through `selectBackend`, not `tf.setBackend`, to get them.
 */
import { tf } from './tf_core';
import { registerGradientFixes } from './register_gradients';
import { silenceCpuBanner } from './cpu_backend';

// Called, not bare-imported: package.json's "sideEffects" list lets bundlers drop bare imports.
registerGradientFixes();
silenceCpuBanner();

export { tf };
export type { Tensor, Variable, Rank, NamedTensorMap } from '@tensorflow/tfjs-core';
