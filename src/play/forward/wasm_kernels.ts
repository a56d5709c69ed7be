/**
 * Stands in for src/backend/wasm_kernels.ts in dist/play.js (see scripts/play_bundle.mjs). The
 * SDK's wasm kernels fix or add kernels that training uses (gradients, one-hot, batched gather,
 * the Adam update); a bot's forward passes run on tfjs-backend-wasm's own kernels. The module is
 * still imported for its side effect of loading the wasm backend, as the original does.
 */
import '@tensorflow/tfjs-backend-wasm';

/** Does nothing: the inference-only bundle keeps wasm's own kernels. */
export function registerWasmKernels(): void {}
