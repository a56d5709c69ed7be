/**
 * Fast-mode throughput with capture: demo scenes through `trainGame` (benchmarks/train_game.page.ts,
 * wasm, headless Chromium) at 1, 4, 8 and 16 copies — catch (dqn_catch_pixels.json) and Pong
 * (pong_ppo_natureish.json, enough agent steps for PPO rounds to train at every copy count) —
 * printing decisions (agent steps over all copies) per wall-clock second and where the time went
 * (src/game/run_timing.ts: stepping, capture, transfer, acting, training, other). Then, in the same
 * run, the Node env-module path on the same catch spec and steps (`pixelpilot train --env` on
 * benchmarks/catch_scene_env.ts, num_envs = copies, wasm) and the ratio game / node. Ends with a
 * markdown table.
 * Run: npx rollup -c --silent && node benchmarks/train_game.bench.mjs
 *        [--catch-steps N] [--pong-steps N] [--envs 1,4,8,16] [--games catch,pong] [--no-node]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { serveStatic } from '../scripts/serve.mjs';
import { buildBenchPage, launchBenchBrowser, runBenchPage } from './bench_page.mjs';
import { parseSpecText } from '../dist/node/lab.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const envsList = arg('--envs', '1,4,8,16').split(',').map(Number);
const games = arg('--games', 'catch,pong').split(',');
const catchSteps = Number(arg('--catch-steps', '4000'));
// PPO trains every time_horizon (256) decisions of each copy: 2 rounds at 8 and 16 copies, more below.
const pongSteps = (envs) => Number(arg('--pong-steps', String(Math.max(2048, 512 * envs))));
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'build/bench');
const PARTS = ['stepping', 'capture', 'transfer', 'acting', 'training', 'other'];

await buildBenchPage('train_game');

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const pct = (t, k) => (100 * t[`${k}Ms`] / t.totalMs).toFixed(0).padStart(3);
const rows = [];
console.log(`load average at start: ${load()} (2 cores, shared with other work)`);

const { server, origin } = await serveStatic({ root, port: 0 });
const browser = await launchBenchBrowser();
try {
  for (const game of games) {
    console.log(`\n${game} demo scene via trainGame, wasm (% of wall clock)`);
    console.log(`copies   steps  seconds  decisions/s  rounds  ${PARTS.map((p) => p.padStart(8)).join(' ')}`);
    for (const envs of envsList) {
      const steps = game === 'catch' ? catchSteps : pongSteps(envs);
      const r = await runBenchPage(browser, origin, 'train_game', { game, envs, steps }, 900_000);
      if (r.error !== undefined) throw new Error(r.error);
      rows.push({ game, envs, ...r, load: loadavg()[0] });
      console.log(`${String(envs).padStart(6)}  ${String(r.steps).padStart(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.decisionsPerSecond.toFixed(0).padStart(11)}  ${String(r.trainRounds).padStart(6)}  ${PARTS.map((p) => `${pct(r.timing, p)}%`.padStart(8)).join(' ')}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

// The Node env-module path: the same catch spec with num_envs = copies, the same steps, wasm.
const nodeRows = new Map();
if (games.includes('catch') && !args.includes('--no-node')) {
  const env = join(out, 'catch_scene_env.mjs');
  await build({
    entryPoints: [join(root, 'benchmarks/catch_scene_env.ts')],
    outfile: env,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The rules need only the seeded Rng at run time (the rest of pixelpilot/lab is types here).
    alias: { 'pixelpilot/lab': join(root, 'src/util/rng.ts') },
    logLevel: 'warning',
  });
  const spec = parseSpecText(readFileSync(join(root, 'demos/specs/dqn_catch_pixels.json'), 'utf8'));
  const name = Object.keys(spec)[0];
  mkdirSync(join(out, 'specs'), { recursive: true });
  console.log(`\ncatch via pixelpilot train --env (Node, the same spec with num_envs = copies, ${catchSteps} steps, wasm)`);
  console.log('copies  seconds  decisions/s');
  for (const envs of envsList) {
    const file = join(out, 'specs', `dqn_catch_pixels_${envs}.json`);
    writeFileSync(file, JSON.stringify({ [name]: { ...spec[name], env: { ...spec[name].env, num_envs: envs } } }));
    const cli = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'train', file, '--env', env, '--steps', String(catchSteps), '--seed', '1', '--backend', 'wasm', '--json'], { cwd: root, encoding: 'utf8' });
    if (cli.status !== 0) throw new Error(`pixelpilot train --env failed:\n${cli.stdout}\n${cli.stderr}`);
    const result = JSON.parse(cli.stdout.trim().split('\n').at(-1));
    const perSecond = result.steps / result.seconds;
    nodeRows.set(envs, perSecond);
    console.log(`${String(envs).padStart(6)}  ${result.seconds.toFixed(1).padStart(7)}  ${perSecond.toFixed(0).padStart(11)}`);
  }
}

console.log(`\nload average at end: ${load()}\n`);
console.log(`| game | copies | steps | decisions/s | ${PARTS.join(' % | ')} % | Node env decisions/s | game / Node |`);
console.log(`|---|---:|---:|---:|${PARTS.map(() => '---:').join('|')}|---:|---:|`);
for (const r of rows) {
  const node = r.game === 'catch' ? nodeRows.get(r.envs) : undefined;
  const cells = [r.game, r.envs, r.steps, r.decisionsPerSecond.toFixed(0), ...PARTS.map((p) => pct(r.timing, p).trim()),
    node === undefined ? '' : node.toFixed(0), node === undefined ? '' : (r.decisionsPerSecond / node).toFixed(2)];
  console.log(`| ${cells.join(' | ')} |`);
}
