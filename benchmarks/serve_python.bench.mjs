/**
 * K = 1, 2, 4 servers from one learner (issue #19): benchmarks/serve_python_bench.py starts K
 * `pixelpilot serve` processes (the built dist/cli.js; each its own headless Chromium with 4 copies
 * of the catch demo's scene) on loopback and steps them all from one Python process with random
 * actions, each round sent to every server before any answer is read (and, for K > 1, one server
 * after the other for comparison). Prints agent steps per second (over all copies of all servers)
 * for each K, then a markdown table.
 * Run: npx rollup -c --silent && node benchmarks/serve_python.bench.mjs [--ks 1,2,4] [--copies 4] [--seconds 20]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

console.log(`load average at start: ${load()}`);
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
