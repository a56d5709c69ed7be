// Builds every test (and browser test page) with esbuild, then runs them with node's test runner.
// Bundling is needed because tfjs-core's ESM dist uses extension-less imports plain Node rejects.
// Usage: node scripts/test.mjs [substring ...]   (only test files whose path contains one of them)
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NODE_BANNER } from './node_banner.mjs';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from './inline_assets.mjs';
import { FailureRecap } from './failure_recap.mjs';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, 'build/test');
const filters = process.argv.slice(2);

function walk(dir, suffix) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...walk(p, suffix));
    else if (name.endsWith(suffix)) found.push(p);
  }
  return found.sort();
}

const tests = walk(join(root, 'test'), '.test.ts').filter(
  (p) => filters.length === 0 || filters.some((f) => relative(root, p).includes(f)),
);
const pages = walk(join(root, 'test'), '.page.ts');


await build({
  entryPoints: tests,
  outdir,
  outbase: join(root, 'test'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  sourcemap: 'inline',
  banner: { js: NODE_BANNER },
  // Node-only tools that locate their own files at run time (onnxruntime-web loads its .wasm beside itself) stay unbundled.
  external: ['playwright-core', 'esbuild', 'onnxruntime-web', 'typescript'],
  plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
  logLevel: 'warning',
});
// Browser pages are built only when a browser test runs.
if (pages.length > 0 && tests.some((p) => p.includes('/browser/'))) {
  await build({
    entryPoints: pages,
    outdir: join(outdir, 'pages'),
    outbase: join(root, 'test'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
    logLevel: 'warning',
  });
}

mkdirSync(outdir, { recursive: true });
writeFileSync(join(outdir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>pixelpilot test</title>\n');

const built = tests.map((p) => join(outdir, relative(join(root, 'test'), p)).replace(/\.ts$/, '.mjs'));
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...built], {
  stdio: ['inherit', 'pipe', 'inherit'],
  cwd: root,
});
// The output passes through as it comes; the failures are repeated at its end, before the summary,
// so that a log cut to its tail (as CI keeps it) still names what failed and why.
const recap = new FailureRecap();
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  recap.add(chunk.toString('utf8'));
});
child.on('close', (code) => {
  process.stdout.write(recap.text());
  process.exit(code ?? 1);
});
