/**
 * K = 1, 2, 4 servers from one learner (issue #19): benchmarks/serve_python_bench.py starts K
 * `pixelpilot serve` processes (the built dist/cli.js; each its own headless Chromium with 4 copies
 * of the catch demo's scene) on loopback and steps them all from one Python process with random
 * actions, each round sent to every server before any answer is read (and, for K > 1, one server
 * after the other for comparison). Prints agent steps per second (over all copies of all servers)
 * for each K, then a markdown table.
 * Run: npx rollup -c --silent && node benchmarks/serve_python.bench.mjs [--ks 1,2,4] [--copies 4] [--seconds 20]
 *
 * With --bridge (issue #19's bridge throughput), one run measures instead: (a) Python's
 * `pixelpilot_gym.GameVectorEnv` on the catch demo's entry, --copies copies (default 8), --steps
 * STEP messages of random actions (default 1,500); (b) `pixelpilot train --game` on the same entry
 * and copies for the same agent steps (its DoubleDQN acting and training included), and trainGame's
 * own timing split (benchmarks/train_game.page.ts: stepping + capture alone) as
 * benchmarks/serve_throughput.bench.mjs runs it. Prints both rates, their ratio, and where a step
 * through Python went: the page, the page link, and the protocol (TCP, framing, the Python client).
 * Run: npx rollup -c --silent && node benchmarks/serve_python.bench.mjs --bridge [--copies 8] [--steps 1500]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CATCH_ENTRY, catchBaselines } from './catch_baselines.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

console.log(`load average at start: ${load()}`);
if (args.includes('--bridge')) {
  await bridge();
  process.exit(0);
}
const r = spawnSync(python, [join(root, 'benchmarks/serve_python_bench.py'), '--command', `${process.execPath} ${join(root, 'dist/cli.js')}`,
  '--ks', arg('--ks', '1,2,4'), '--copies', arg('--copies', '4'), '--seconds', arg('--seconds', '20')], {
  cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PYTHONPATH: join(root, 'python'), PYTHONDONTWRITEBYTECODE: '1' },
});
if (r.status !== 0) {
  console.error(`serve_python_bench.py exited with ${r.status}\n${r.stdout}`);
  process.exit(1);
}
const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
for (const row of rows) console.log(JSON.stringify(row));
console.log(`load average at end: ${load()}`);
console.log('\n| servers K | copies each | stepping | steps/s (all copies) | round of K steps, median / p95 ms | start s |\n|---:|---:|---|---:|---:|---:|');
for (const x of rows) console.log(`| ${x.servers} | ${x.copies_each} | ${x.mode} | ${x.steps_per_s.toFixed(0)} | ${x.round_ms_median} / ${x.round_ms_p95} | ${x.start_s} |`);

/** --bridge: Python through the protocol against train --game's in-process stepping, same entry, copies and steps. */
async function bridge() {
  const ENTRY = CATCH_ENTRY;
  const copies = Number(arg('--copies', '8'));
  const steps = Number(arg('--steps', '1500'));
  // (a) Python, one server.
  const py = spawnSync(python, [join(root, 'benchmarks/serve_python_bench.py'), '--command', `${process.execPath} ${join(root, 'dist/cli.js')}`,
    '--bridge', '--game', ENTRY, '--copies', String(copies), '--steps', String(steps)], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PYTHONPATH: join(root, 'python'), PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (py.status !== 0) throw new Error(`serve_python_bench.py --bridge exited with ${py.status}\n${py.stdout}`);
  const b = JSON.parse(py.stdout.trim().split('\n').at(-1));
  console.log(JSON.stringify(b));
  // (b) train --game on the same entry, copies and agent steps; (c) trainGame's own split in the page.
  const agentSteps = steps * copies;
  const { trainRate, page, inProcessRate } = await catchBaselines(root, copies, agentSteps);
  const t = page.timing;
  const protocol = b.step_ms - b.round_trip_ms;
  const pct = (ms) => `${((100 * ms) / b.step_ms).toFixed(0)}%`;
  console.log(`\ncatch, ${copies} copies (${ENTRY}), ${steps} steps, load average at end: ${load()}`);
  console.log(`Python GameVectorEnv (random actions): ${b.steps_per_s.toFixed(0)} agent steps/s (${(1000 / b.step_ms).toFixed(0)} STEP messages/s), ${b.episodes} episodes ended`);
  console.log(`  per step: ${b.step_ms.toFixed(3)} ms = page ${b.page_ms.toFixed(3)} ms (${pct(b.page_ms)}) + page link ${b.link_ms.toFixed(3)} ms (${pct(b.link_ms)}) + protocol (TCP, framing, Python client) ${protocol.toFixed(3)} ms (${pct(protocol)})`);
  console.log(`train --game (DoubleDQN acting and training, wasm), ${agentSteps} agent steps: ${trainRate} agent steps/s`);
  console.log(`trainGame in the page: ${page.decisionsPerSecond.toFixed(0)} agent steps/s; its stepping + capture alone: ${inProcessRate.toFixed(0)} agent steps/s ` +
    `(${(100 * t.steppingMs / t.totalMs).toFixed(0)}% stepping, ${(100 * t.captureMs / t.totalMs).toFixed(0)}% capture, ${(100 * t.actingMs / t.totalMs).toFixed(0)}% acting, ${(100 * t.trainingMs / t.totalMs).toFixed(0)}% training)`);
  console.log('\n| path | agent steps/s | vs train --game | vs stepping + capture |');
  console.log('|---|---:|---:|---:|');
  console.log(`| Python GameVectorEnv, random actions | ${b.steps_per_s.toFixed(0)} | ${(b.steps_per_s / trainRate).toFixed(2)} | ${(b.steps_per_s / inProcessRate).toFixed(2)} |`);
  console.log(`| train --game (DoubleDQN) | ${trainRate} | 1.00 | ${(trainRate / inProcessRate).toFixed(2)} |`);
  console.log(`| trainGame stepping + capture only | ${inProcessRate.toFixed(0)} | ${(inProcessRate / trainRate).toFixed(2)} | 1.00 |`);
}
