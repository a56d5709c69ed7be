// The build of `pixelpilot/play` (dist/play.js), shared by rollup.config.mjs and the test that
// checks what the bundle holds (test/play/play_bundle.test.ts). Gradient and training-kernel
// registrations are replaced by the stand-ins of play_stand_ins.mjs.
//   node scripts/play_bundle.mjs --report   builds it in memory and prints one JSON line:
//   {"files": [{"file", "bytes", "gzip"}], "gzip": total, "externals": [...], "modules": [{"id", "bytes"}]}
//   (sizes include tfjs, which is bundled in, and the inlined .wasm chunk; externals: the
//   packages it still imports; modules: the files with code in the bundle, and how many bytes of it)
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { join, relative } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { forwardOnlyRollup } from './play_stand_ins.mjs';
import { hideNodeRequiresRollup, inlineAssetsRollup, NODE_ONLY_MODULES, WASM_SIMD_CHUNK, wasmSimdBase64 } from './inline_assets.mjs';
import { gzipSync } from 'node:zlib';

const external = (id) => /^phaser(\/|$)/.test(id);

const quiet = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/**
 * dist/play.js (+ dist/chunks/play-*.js: the wasm backend and its inlined binary, loaded when
 * used), self-contained like every browser entry: tfjs-core (forward only), its backends and the
 * wasm binary are bundled in.
 */
export const playBundle = {
  input: { play: 'src/play/index.ts' },
  output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/play-[name]-[hash].js' },
  external,
  plugins: [
    forwardOnlyRollup(),
    // The wasm binary's chunk is the one rollup.config.mjs's lab build writes (dist/ holds it once).
    inlineAssetsRollup({ wasm: 'shared' }),
    nodeResolve({ browser: true, mainFields: ['browser', 'module', 'main'], preferBuiltins: false }),
    commonjs({ ignoreDynamicRequires: true, ignore: NODE_ONLY_MODULES }),
    esbuild({ target: 'es2022' }),
    hideNodeRequiresRollup(),
  ],
  onwarn: quiet,
};

/** dist/play.d.ts. */
export const playTypes = {
  input: 'src/play/index.ts',
  output: { file: 'dist/play.d.ts', format: 'es' },
  external,
  plugins: [dts({ compilerOptions: { stripInternal: true } })],
};

async function report() {
  const { rollup } = await import('rollup');
  const bundle = await rollup(playBundle);
  const { output } = await bundle.generate(playBundle.output);
  await bundle.close();
  const root = new URL('..', import.meta.url).pathname;
  const files = [];
  const modules = new Map();
  const externals = new Set();
  const fileNames = new Set(output.map((o) => o.fileName));
  const shared = join(root, 'dist', WASM_SIMD_CHUNK);
  for (const item of output) {
    if (item.type !== 'chunk') continue;
    // The wasm binary's chunk is play's too, written once by the lab build (rollup.config.mjs).
    for (const id of [...item.imports, ...item.dynamicImports]) if (!fileNames.has(id) && id !== shared) externals.add(id);
    files.push({ file: item.fileName, bytes: Buffer.byteLength(item.code), gzip: gzipSync(item.code, { level: 9 }).length });
    for (const [id, m] of Object.entries(item.modules)) {
      if (m.renderedLength === 0) continue;
      const name = relative(root, id.replace(/^\0/, ''));
      modules.set(name, (modules.get(name) ?? 0) + m.renderedLength);
    }
  }
  const wasm = `export default ${JSON.stringify(wasmSimdBase64())};\n`;
  files.push({ file: WASM_SIMD_CHUNK, bytes: Buffer.byteLength(wasm), gzip: gzipSync(wasm, { level: 9 }).length });
  const gzip = files.reduce((n, f) => n + f.gzip, 0);
  console.log(JSON.stringify({ files, gzip, externals: [...externals].sort(), modules: [...modules].map(([id, bytes]) => ({ id, bytes })) }));
}

if (process.argv.includes('--report')) await report();
