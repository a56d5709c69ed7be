/**
 * Fast-mode throughput: the catch demo's scene through `trainGame` (test/browser/train_game.page.ts,
 * one training round of `--frames` agent steps, wasm, the demo's DoubleDQN spec) at 1, 4, 8 and 16
 * copies in headless Chromium: decisions (agent steps over all copies) per wall-clock second while
 * training, and where the main thread's time went (Phaser's steps of every copy; the agent's tick:
 * capture, batching, sending; waiting for the worker: acting and training).
 * Run: node benchmarks/train_game.bench.mjs [--frames N] [--envs 1,4,8,16]  (plain Node: it drives a browser)
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveStatic } from '../scripts/serve.mjs';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from '../scripts/inline_assets.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const frames = Number(arg('--frames', '4000'));
const envsList = arg('--envs', '1,4,8,16').split(',').map(Number);
const root = new URL('..', import.meta.url).pathname;

await build({
  entryPoints: [join(root, 'test/browser/train_game.page.ts')],
  outdir: join(root, 'build/bench/pages'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
  logLevel: 'warning',
});
const { server, origin } = await serveStatic({ root, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
console.log(`catch demo scene via trainGame, ${frames} agent steps of training per row, wasm, load ${loadavg()[0].toFixed(1)}`);
console.log('copies  seconds  decisions/s  step ms  tick ms  wait ms');
try {
  for (const envs of envsList) {
    const page = await browser.newPage();
    await page.goto(`${origin}/build/test/blank.html?envs=${envs}&round=${frames}&maxMs=1`);
    await page.addScriptTag({ type: 'module', url: `${origin}/build/bench/pages/train_game.page.js` });
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 600_000, polling: 200 });
    const r = await page.evaluate(() => window.__result);
    await page.close();
    if (r.error !== undefined) throw new Error(r.error);
    const x = r.rounds[0];
    const t = x.timing;
    console.log(`${String(envs).padStart(6)}  ${x.seconds.toFixed(1).padStart(7)}  ${x.decisionsPerSecond.toFixed(0).padStart(11)}  ${t.stepMs.toFixed(0).padStart(7)}  ${t.tickMs.toFixed(0).padStart(7)}  ${t.waitMs.toFixed(0).padStart(7)}`);
  }
} finally {
  await browser.close();
  server.close();
}
