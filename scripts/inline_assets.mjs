// The two files the SDK carries inside its own JavaScript, so that a game's bundler needs no
// configuration for them (see README "Use it in your game"):
//   pixelpilot-inline:trainer-worker               the trainer worker, bundled whole (tfjs,
//                                                  backends, comlink) as one classic script, as a string
//   pixelpilot-inline:tfjs-backend-wasm-simd.wasm  tfjs-backend-wasm's SIMD binary, base64
// Both are virtual modules, served by the rollup plugin (the package build) and the esbuild plugin
// (tests, demos) below; the code that imports them does so lazily (import()), so a page pays for
// them only when it starts a worker or the wasm backend.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder with a package.json above this module (tests bundle it elsewhere). */
function repoRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}
const ROOT = repoRoot();
const PREFIX = 'pixelpilot-inline:';
export const WORKER_MODULE = `${PREFIX}trainer-worker`;
export const WASM_SIMD_MODULE = `${PREFIX}tfjs-backend-wasm-simd.wasm`;

/** Node modules that tfjs and Emscripten's glue require on their Node paths only (never in a browser). */
export const NODE_ONLY_MODULES = ['fs', 'path', 'os', 'perf_hooks', 'worker_threads', 'crypto', 'util', 'node-fetch', 'url'];

/** tfjs-backend-wasm's SIMD binary as base64. */
export function wasmSimdBase64() {
  const dir = dirname(createRequire(join(ROOT, 'package.json')).resolve('@tensorflow/tfjs-backend-wasm'));
  return readFileSync(join(dir, 'tfjs-backend-wasm-simd.wasm')).toString('base64');
}

/** esbuild plugin serving the virtual modules (`worker`: also the trainer worker; else only the wasm binary). */
export function inlineAssetsEsbuild({ worker = true, minify = true } = {}) {
  return {
    name: 'pixelpilot-inline',
    setup(b) {
      b.onResolve({ filter: /^pixelpilot-inline:/ }, (args) => ({ path: args.path, namespace: 'pixelpilot-inline' }));
      b.onLoad({ filter: /.*/, namespace: 'pixelpilot-inline' }, async (args) => {
        if (args.path === WASM_SIMD_MODULE) return { contents: `export default ${JSON.stringify(wasmSimdBase64())};`, loader: 'js' };
        if (args.path === WORKER_MODULE && worker) return { contents: `export default ${JSON.stringify(await trainerWorkerSource({ minify }))};`, loader: 'js' };
        return { errors: [{ text: `unknown inline module ${args.path}` }] };
      });
    },
  };
}

let cached = new Map();

/**
 * The trainer worker (src/worker/worker_entry.ts) as one self-contained classic script: no import
 * statements, so it runs from a blob: URL, as a module or a classic worker, under any bundler.
 * Minified by default (class names do not matter: errors carry stable names and codes). The
 * threaded wasm build is never used (prepareWasm turns threads off in browsers), so minifying its
 * Emscripten worker code does no harm.
 */
export async function trainerWorkerSource({ minify = true } = {}) {
  if (cached.has(minify)) return cached.get(minify);
  const result = await build({
    entryPoints: [join(ROOT, 'src/worker/worker_entry.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    minify,
    legalComments: 'eof',
    logLevel: 'error',
    plugins: [inlineAssetsEsbuild({ worker: false })],
  });
  const code = result.outputFiles[0].text;
  cached.set(minify, code);
  return code;
}

/** Where the wasm binary's chunk goes in dist/ (one file, shared by the lab and play builds). */
export const WASM_SIMD_CHUNK = 'chunks/tfjs-backend-wasm-simd.js';

/**
 * rollup plugin serving the virtual modules (the package build).
 * - `worker`: 'inline' carries the trainer worker's script as a string (browser builds); 'none'
 *   serves a module without it (Node builds: no Web Worker there; createAgent says so first).
 * - `wasm`: 'inline' carries the wasm binary in the bundle (Node builds, one file each);
 *   'emit' writes it once as dist/chunks/tfjs-backend-wasm-simd.js and 'shared' refers to that
 *   file, so the browser builds (lab, play) carry the binary once between them.
 */
export function inlineAssetsRollup({ minify = true, worker = 'inline', wasm = 'inline', dist = join(ROOT, 'dist') } = {}) {
  const wasmChunk = join(dist, WASM_SIMD_CHUNK);
  return {
    name: 'pixelpilot-inline',
    resolveId(id) {
      if (!id.startsWith(PREFIX)) return null;
      if (id === WASM_SIMD_MODULE && wasm !== 'inline') return { id: wasmChunk, external: 'relative' };
      return `\0${id}`;
    },
    generateBundle() {
      if (wasm === 'emit') this.emitFile({ type: 'asset', fileName: WASM_SIMD_CHUNK, source: `export default ${JSON.stringify(wasmSimdBase64())};\n` });
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const name = id.slice(1);
      if (name === WASM_SIMD_MODULE) return `export default ${JSON.stringify(wasmSimdBase64())};`;
      if (name === WORKER_MODULE) {
        if (worker === 'none') return 'export default null;';
        return `export default ${JSON.stringify(await trainerWorkerSource({ minify }))};`;
      }
      this.error(`unknown inline module ${name}`);
    },
  };
}

/** The package's published entry points, and the files they are built from. */
export const ENTRY_SOURCES = { pixelpilot: 'src/index.ts', 'pixelpilot/play': 'src/play/index.ts', 'pixelpilot/lab': 'src/lab.ts' };
/** The same entry points in the built package (browser builds). */
export const ENTRY_BUILDS = { pixelpilot: 'dist/index.js', 'pixelpilot/play': 'dist/play.js', 'pixelpilot/lab': 'dist/lab.js' };

/** esbuild plugin resolving `pixelpilot`, `pixelpilot/play` and `pixelpilot/lab` to `entries` (paths from the repository root). */
export function packageEntriesEsbuild(entries = ENTRY_SOURCES) {
  return {
    name: 'pixelpilot-entries',
    setup(b) {
      b.onResolve({ filter: /^pixelpilot(\/play|\/lab)?$/ }, (args) => ({ path: join(ROOT, entries[args.path]) }));
    },
  };
}

/**
 * rollup plugin for browser bundles: turns the Node-only `require('fs')` (etc.) calls that tfjs,
 * seedrandom and Emscripten's glue make on their Node paths into
 * `(globalThis.process?.getBuiltinModule?.("fs") ?? globalThis["require"]("fs"))`, which no
 * bundler tries to resolve (webpack 5 and esbuild fail on a Node built-in in a browser build).
 * In a browser those paths never run (or are probed in a try block: an exception, caught, as
 * before); in Node (tests, SSR) the built-in is found by `process.getBuiltinModule`.
 */
export function hideNodeRequiresRollup() {
  const pattern = new RegExp(`\\brequire\\((['"])(${NODE_ONLY_MODULES.join('|')})\\1\\)`, 'g');
  return {
    name: 'pixelpilot-hide-node-requires',
    renderChunk(code) {
      const out = code.replace(pattern, (_m, q, name) => `(globalThis.process?.getBuiltinModule?.(${q}${name}${q}) ?? globalThis["require"](${q}${name}${q}))`);
      return out === code ? null : { code: out, map: null };
    },
  };
}
