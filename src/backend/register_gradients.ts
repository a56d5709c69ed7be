/**
 * The SDK's gradient overrides. They replace (or add to) tfjs-core's gradients on every backend;
 * being built from forward kernels, they hold on cpu, wasm and webgpu alike.
 *
 * `tf.ts` registers them when it is first imported (after tf_core registered tfjs-core's own) and
 * `selectBackend` registers them again: bundlers that split code into chunks (esbuild with
 * `splitting`) may evaluate tfjs-core's side-effect registration later, which would silently
 * restore the stock gradients.
 */
import type { GradConfig } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';
import { comparisonGradConfigs } from './comparison_grads';
import { conv2dGradConfig } from './conv2d_grad_config';
import { batchMatMulGradConfig } from './matmul_grad';

/** Every gradient the SDK registers, in registration order. */
export const GRADIENT_FIXES: readonly GradConfig[] = [conv2dGradConfig, batchMatMulGradConfig, ...comparisonGradConfigs];

/** (Re-)registers the SDK's gradients; cheap and idempotent. */
export function registerGradientFixes(): void {
  for (const config of GRADIENT_FIXES) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  }
}
