// Builds the package into dist/. Every browser entry is self-contained (tfjs, its backends and
// comlink bundled in; only phaser, an optional peer used for types, stays outside), so that a
// game's bundler (Vite, webpack) needs no configuration: no extension-less deep imports, no
// side-effect lists to honour, no CommonJS to convert, no .wasm file or worker script to emit.
//   dist/index.js    `pixelpilot`: createAgent, loadAgent, the Phaser plugin, presets, errors; no
//                    tfjs on the main thread (training runs in the worker)
//   dist/chunks/     pieces loaded on first use; the trainer worker's script (a string, started from
//                    a blob: URL) and the wasm binary (base64) are such chunks
//   dist/worker.js   the same trainer worker as a file, for pages whose CSP forbids blob: workers
//   dist/play.js     `pixelpilot/play`, the inference-only bot (scripts/play_bundle.mjs)
//   dist/lab.js      `pixelpilot/lab`, the building blocks (nets, algorithms, Trainer, tf) for
//                    browsers; dist/node/lab.js for Node (the "node" export condition)
//   dist/*.d.ts      the types, rolled into one file per entry
//   dist/game_page.js the page `pixelpilot train|eval --game` runs in headless Chromium: the SDK as
//                    `pixelpilot` has it plus the page program (src/game/page/); the command bundles
//                    it with a few-line stub importing the user's training entry (not published as
//                    an entry point)
//   dist/cli.js      the `pixelpilot` command for Node (playwright-core, esbuild and ws stay outside)
import { chmodSync, rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { NODE_BANNER } from './scripts/node_banner.mjs';
import { playBundle, playTypes } from './scripts/play_bundle.mjs';
import { hideNodeRequiresRollup, inlineAssetsRollup, NODE_ONLY_MODULES, trainerWorkerSource } from './scripts/inline_assets.mjs';

// Every build starts from an empty dist/ (hashed chunk names would otherwise pile up).
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

/** Phaser is a peer (and the SDK imports none of it at run time). */
const phaser = (id) => /^phaser(\/|$)/.test(id);

// tfjs's ESM files declare `this` at top level and pull optional Node modules; both are harmless.
const quiet = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/** Resolution of dependencies for browser bundles (tfjs's "browser" field drops its Node modules). */
export const browserDependencies = () => [
  nodeResolve({ browser: true, mainFields: ['browser', 'module', 'main'], preferBuiltins: false }),
  // Emscripten's glue (tfjs-backend-wasm) requires Node modules on its Node path only: leave those
  // calls as they are instead of hoisting them into imports a browser bundler cannot resolve.
  commonjs({ ignoreDynamicRequires: true, ignore: NODE_ONLY_MODULES }),
  hideNodeRequiresRollup(),
];

/** Plugins of the Node bundles (dist/node/lab.js, dist/cli.js): tfjs and its wasm backend bundled for Node. */
const nodeBundle = () => [
  // No Web Worker in Node (createAgent says so before it would start one): no worker script.
  inlineAssetsRollup({ worker: 'none' }),
  nodeResolve({ mainFields: ['module', 'main'], preferBuiltins: true, exportConditions: ['node'] }),
  commonjs({ ignoreDynamicRequires: true }),
  esbuild({ target: 'node20' }),
];

/** Emits dist/worker.js: the trainer worker script that the inline chunk carries as a string. */
const workerFile = () => ({
  name: 'pixelpilot-worker-file',
  async generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'worker.js', source: await trainerWorkerSource() });
  },
});

/** Makes dist/cli.js executable, so that `npx pixelpilot` runs it inside this repository too (npm sets the bit only when installing). */
const executable = () => ({
  name: 'pixelpilot-executable',
  writeBundle(options) {
    chmodSync(options.file, 0o755);
  },
});

const types = (input, file) => ({ input, output: { file, format: 'es' }, external: (id) => phaser(id) || id.startsWith('@tensorflow/'), plugins: [dts({ compilerOptions: { stripInternal: true } })] });

export default [
  {
    // One build for the three, so that the chunks they share (the trainer worker's script above all)
    // are in dist/ once; the wasm binary's chunk is written once here and shared with play.js.
    input: { index: 'src/index.ts', lab: 'src/lab.ts', game_page: 'src/game_page.ts' },
    output: { dir: 'dist', format: 'es', sourcemap: true, sourcemapExcludeSources: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    external: phaser,
    plugins: [inlineAssetsRollup({ wasm: 'emit' }), ...browserDependencies(), esbuild({ target: 'es2022' }), workerFile()],
    onwarn: quiet,
  },
  {
    input: { lab: 'src/lab.ts' },
    // Chunks, not one file: the wasm backend registers itself when selectBackend loads it, so that
    // tensor code used before any choice runs on cpu (as in browsers) instead of on an unready wasm.
    output: { dir: 'dist/node', format: 'es', banner: NODE_BANNER, chunkFileNames: 'chunks/[name]-[hash].js' },
    external: (id) => id.startsWith('node:') || phaser(id) || id === 'playwright-core' || id === 'esbuild',
    plugins: nodeBundle(),
    onwarn: quiet,
  },
  types('src/index.ts', 'dist/index.d.ts'),
  types('src/lab.ts', 'dist/lab.d.ts'),
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
    // The browser driver and the bundler `train --game` uses, and `serve`'s WebSocket server (ws,
    // whose optional native helpers its own require finds or goes without), stay packages of their
    // own (dependencies).
    external: (id) => id.startsWith('node:') || id === 'playwright-core' || id === 'esbuild' || id === 'ws',
    plugins: [...nodeBundle(), executable()],
    onwarn: quiet,
  },
];
