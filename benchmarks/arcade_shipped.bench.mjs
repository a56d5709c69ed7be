/**
 * The ported games' shipped bots at real time (the "bots that hold up when shipped" check of
 * test/browser/shipped_delays.test.ts, for the policies benchmarks/arcade_games.bench.mjs trained):
 * for each row of that bench's output (a JSON line per game and seed, with greedyMean from
 * `eval --game` on varied starts), the weights-only policy plays the game's own scene in headless
 * Chromium at real time through `pixelpilot/play`, attached 0, 300, 700 and 1200 ms after the scene
 * started (the four delays in four pages at once: episodes last up to 30 s of real time), and
 * each delay's mean return, and the mean over all four, is compared with eval's (within 20% is the target).
 * --entry-resets: each start of the scene is followed by the entry's reset(scene, rng) (its own
 * seeded stream per delay and episode: each delay's page has a seed of its own), as the training
 * copies' random starts do. A game that waits for its player (breakout) otherwise starts every
 * episode alike, whatever the delay.
 * Run: node benchmarks/arcade_shipped.bench.mjs --rows build/bench/arcade/rows_preset.jsonl [--games breakout,snake] [--seeds 1] [--episodes 8] [--entry-resets]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../scripts/serve.mjs';
import { buildBenchPage, launchBenchBrowser, runBenchPage } from './bench_page.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'build/bench');
const DELAYS = [0, 300, 700, 1200];
const episodes = Number(arg('--episodes', '8'));
const games = arg('--games', null)?.split(',');
const seeds = arg('--seeds', null)?.split(',');
const entryResets = args.includes('--entry-resets');
const rows = readFileSync(arg('--rows', join(out, 'arcade/rows_preset.jsonl')), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('{') && l.includes('"greedyMean"'))
  .map((l) => JSON.parse(l))
  .filter((r) => (games === undefined || games.includes(r.game)) && (seeds === undefined || seeds.includes(String(r.seed))));

await buildBenchPage('arcade_shipped');
const { server, origin } = await serveStatic({ root, port: 0 });
const browser = await launchBenchBrowser();

/** One delay's run in a page of its own. */
async function atDelay(game, policyUrl, delay) {
  const r = await runBenchPage(browser, origin, 'arcade_shipped', { game, policy: policyUrl, delay, episodes, ...(entryResets ? { resets: DELAYS.indexOf(delay) + 1 } : {}) }, 1_000_000);
  if (r.error !== undefined) throw new Error(`${game} at ${delay} ms: ${r.error}`);
  return r.runs[0];
}

const table = [];
let failed = 0;
try {
  for (const row of rows) {
    const policy = join(out, 'arcade', `${row.game}_${row.label.replace(/[^A-Za-z0-9.=-]+/g, '_').slice(0, 80)}_seed${row.seed}.bot.ppol`);
    if (!existsSync(policy)) throw new Error(`no shipped policy ${policy} (run benchmarks/arcade_games.bench.mjs first)`);
    const url = `/${policy.slice(root.length).replace(/^\//, '')}`;
    const load = loadavg()[0].toFixed(1);
    const runs = await Promise.all(DELAYS.map((d) => atDelay(row.game, url, d)));
    // Each delay, then all four together (the pooled episodes; frame rates averaged, late and dropped summed).
    const pooled = {
      delayMs: 'all',
      returns: runs.flatMap((r) => r.returns),
      fps: runs.reduce((s, r) => s + r.fps, 0) / runs.length,
      counters: { late: runs.reduce((s, r) => s + r.counters.late, 0), dropped: runs.reduce((s, r) => s + r.counters.dropped, 0) },
    };
    for (const r of [...runs, pooled]) {
      const shippedMean = r.returns.reduce((s, x) => s + x, 0) / r.returns.length;
      // The standard error of that mean: a breakout ball's bricks vary about as much as their mean, so 32 balls give about 20%.
      const se = Math.sqrt(r.returns.reduce((s, x) => s + (x - shippedMean) ** 2, 0) / Math.max(1, r.returns.length - 1) / r.returns.length);
      const within = Math.abs(shippedMean - row.greedyMean) <= 0.2 * Math.abs(row.greedyMean);
      if (!within) failed++;
      const line = { game: row.game, seed: row.seed, evalMean: row.greedyMean, delayMs: r.delayMs, shippedMean, se, episodes: r.returns.length, within20: within, fps: Number(r.fps.toFixed(1)), late: r.counters.late, dropped: r.counters.dropped, returns: r.returns, load };
      console.log(JSON.stringify(line));
      table.push(line);
    }
  }
} finally {
  await browser.close();
  server.close();
}
const f2 = (x) => x.toFixed(2);
console.log(`\nshipped bot at real time, ${episodes} episodes per delay, the four delays at once (four pages)${entryResets ? ", each start followed by the entry's reset(scene, rng)" : ''}`);
console.log('| game | seed | eval --game (varied starts) | delay ms | shipped bot (± standard error) | within 20% | frames/s | late | dropped |');
console.log('|---|---|---:|---:|---:|---|---:|---:|---:|');
for (const t of table) console.log(`| ${t.game} | ${t.seed} | ${f2(t.evalMean)} | ${t.delayMs} | ${f2(t.shippedMean)} ± ${f2(t.se)} | ${t.within20 ? 'yes' : 'no'} | ${t.fps} | ${t.late} | ${t.dropped} |`);
console.log(`${table.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
