// Builds the browser demos: every demos/<name>/main.ts into build/demos/<name>/main.js (and a
// ship.ts, where there is one, into ship.js), with phaser and the built package (dist/, so run
// `rollup -c` first) bundled in: the demos import `pixelpilot`, `pixelpilot/play` and
// `pixelpilot/lab` as a game does, with no worker or .wasm set-up. The pages
// (demos/<name>/index.html) load those bundles from the server's root.
// Usage: node scripts/build_demos.mjs [--watch] [name ...]   (names: only those demos; default all)
import { build, context } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRY_BUILDS, packageEntriesEsbuild } from './inline_assets.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

/** The demos: folders of demos/ with a main.ts. */
export function demoNames(root = ROOT) {
  const dir = join(root, 'demos');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
    .map((d) => d.name)
    .sort();
}

/** esbuild options shared by the pages and the worker: browser ESM, sourcemaps for reading. */
function options(root) {
  return {
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    sourcemap: 'linked',
    plugins: [packageEntriesEsbuild(ENTRY_BUILDS)],
    logLevel: 'warning',
    absWorkingDir: root,
  };
}

/** Builds the demos (`only` those named, else all) once (or starts watching with `watch`); returns the demo names. */
export async function buildDemos({ root = ROOT, watch = false, only = [] } = {}) {
  const all = demoNames(root);
  const unknown = only.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`no demo named ${unknown.join(', ')} (demos: ${all.join(', ')})`);
  const names = only.length > 0 ? only : all;
  const out = join(root, 'build', 'demos');
  const pages = {
    ...options(root),
    // A demo's optional ship.ts: the page that plays a shipped policy with pixelpilot/play.
    entryPoints: Object.fromEntries(names.flatMap((n) => {
      const ship = join(root, 'demos', n, 'ship.ts');
      return [[`${n}/main`, join(root, 'demos', n, 'main.ts')], ...(existsSync(ship) ? [[`${n}/ship`, ship]] : [])];
    })),
    outdir: out,
  };
  if (watch) await (await context(pages)).watch();
  else await build(pages);
  return names;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const watch = process.argv.includes('--watch');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const t0 = Date.now();
  const names = await buildDemos({ watch, only });
  console.log(`demos built into build/demos/ (${names.join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s${watch ? '; watching for changes' : ''}`);
}
