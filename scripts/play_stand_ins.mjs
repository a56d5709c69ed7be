// The modules the inference-only bundle (dist/play.js) replaces, and how to resolve them: the
// gradient and training-kernel registrations, which a bot never uses (see src/play/forward/).
// No dependencies, so that tests can apply the same replacement with esbuild.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (pass your own where this module is bundled and moved, as tests do). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Repo paths without extension -> stand-in file. */
export const FORWARD_ONLY_STAND_INS = {
  'src/backend/tf': 'src/play/forward/tf.ts',
  'src/backend/tf_core': 'src/play/forward/tf_core.ts',
  'src/backend/register_gradients': 'src/play/forward/register_gradients.ts',
  'src/backend/wasm_kernels': 'src/play/forward/wasm_kernels.ts',
};

/** The absolute stand-in path for a relative import `source` made by `importer`, or null. */
export function standInFor(source, importer, root = ROOT) {
  if (!importer || !source.startsWith('.')) return null;
  const target = relative(root, resolve(dirname(importer), source)).replace(/\.ts$/, '');
  const standIn = FORWARD_ONLY_STAND_INS[target];
  return standIn === undefined ? null : join(root, standIn);
}

/** Rollup plugin applying the stand-ins. */
export function forwardOnlyRollup(root = ROOT) {
  return { name: 'pixelpilot-forward-only', resolveId: (source, importer) => standInFor(source, importer, root) };
}

/** esbuild plugin applying the stand-ins. */
export function forwardOnlyEsbuild(root = ROOT) {
  return {
    name: 'pixelpilot-forward-only',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const path = standInFor(args.path, args.importer, root);
        return path === null ? undefined : { path };
      });
    },
  };
}
