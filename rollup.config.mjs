// Builds the package into dist/:
//   dist/index.js   the library (ESM); tfjs, phaser and comlink stay external for the game's bundler
//   dist/worker.js  the module worker hosting a Trainer (load it with new Worker(url, {type: 'module'}))
//   dist/index.d.ts its types, rolled into one file
//   dist/play.js    `pixelpilot/play`, the inference-only entry (+ dist/play.d.ts); built from
//                   scripts/play_bundle.mjs, which also reports what it holds
//   dist/cli.js     the `pixelpilot` command for Node, with tfjs-core and its cpu/wasm backends inlined
//                   (tfjs-core's ESM dist uses extension-less imports that plain Node cannot load)
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { NODE_BANNER } from './scripts/node_banner.mjs';
import { playBundle, playTypes } from './scripts/play_bundle.mjs';

const external = (id) => /^(@tensorflow\/|phaser|comlink)/.test(id);

// tfjs's ESM files declare `this` at top level and pull optional Node modules; both are harmless.
const quiet = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    // worker: the module Web Worker script that hosts a Trainer (see src/worker/worker_entry.ts).
    input: { index: 'src/index.ts', worker: 'src/worker/worker_entry.ts' },
    // Lazily loaded pieces (the wasm backend, Node-only helpers) become their own chunks.
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    external,
    plugins: [esbuild({ target: 'es2022' })],
    onwarn: quiet,
  },
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.d.ts', format: 'es' },
    external,
    plugins: [dts()],
  },
  playBundle,
  playTypes,
  {
    input: 'src/cli/bin.ts',
    output: {
      file: 'dist/cli.js',
      format: 'es',
      banner: `#!/usr/bin/env node\n${NODE_BANNER}`,
      inlineDynamicImports: true,
    },
    external: (id) => id.startsWith('node:') || id === 'playwright-core',
    plugins: [
      nodeResolve({ mainFields: ['module', 'main'], preferBuiltins: true, exportConditions: ['node'] }),
      commonjs({ ignoreDynamicRequires: true }),
      esbuild({ target: 'node20' }),
    ],
    onwarn: quiet,
  },
];
