/**
 * Stands in for src/backend/register_gradients.ts in dist/play.js (see scripts/play_bundle.mjs):
 * a bot never computes a gradient, so there is nothing to register.
 */

/** Does nothing: the inference-only bundle registers no gradients. */
export function registerGradientFixes(): void {}
