// Bundles one benchmark file with esbuild (the way scripts/test.mjs builds tests) and runs it.
// Usage: node benchmarks/run.mjs benchmarks/conv_grads.bench.ts [args passed to the bench ...]
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { NODE_BANNER } from '../scripts/node_banner.mjs';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from '../scripts/inline_assets.mjs';

const root = new URL('..', import.meta.url).pathname;
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node benchmarks/run.mjs <file.bench.ts> [args...]');
  process.exit(2);
}
const outfile = join(root, 'build/bench', basename(entry).replace(/\.ts$/, '.mjs'));

await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  nodePaths: [join(root, 'node_modules')],
  banner: { js: NODE_BANNER },
  plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
  // Node-only tools that locate their own files at run time stay unbundled (as in scripts/test.mjs).
  external: ['playwright-core', 'esbuild'],
  logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 1));
