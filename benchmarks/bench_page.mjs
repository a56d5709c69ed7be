/**
 * What the browser benchmarks share (train_game.bench.mjs, arcade_shipped.bench.mjs): a page module
 * of benchmarks/ bundled as the tests' pages are, Debian's Chromium launched headless, and one run
 * of a page, whose query string carries its settings and whose `window.__result` is its answer.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from '../scripts/inline_assets.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Bundles benchmarks/<name>.page.ts into build/bench/pages/<name>.page.js. */
export async function buildBenchPage(name) {
  await build({
    entryPoints: [join(root, 'benchmarks', `${name}.page.ts`)],
    outdir: join(root, 'build/bench/pages'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
    logLevel: 'warning',
  });
}

/** Headless Chromium from Debian (CHROMIUM_PATH overrides), with timers that a hidden page keeps at full rate. */
export function launchBenchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
}

/** Runs page `name` (built by buildBenchPage) with `query` in a new tab; its `__result`. */
export async function runBenchPage(browser, origin, name, query, timeoutMs) {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/build/test/blank.html?${new URLSearchParams(query)}`);
    await page.addScriptTag({ type: 'module', url: `${origin}/build/bench/pages/${name}.page.js` });
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: timeoutMs, polling: 200 });
    return await page.evaluate(() => window.__result);
  } finally {
    await page.close();
  }
}
