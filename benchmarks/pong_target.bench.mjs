/**
 * The Pong target of `train --game`: for each seed, the demo's spec (demos/specs/pong_ppo_natureish.json)
 * trains on 8 copies of the demo's own scene (demos/pong/training.ts) through the `pixelpilot`
 * command, timed by the wall clock from the command's start (browser start and bundling included),
 * then `eval --game` plays the saved policy greedily. The target: >= 3 returns per miss in <= 10
 * minutes, for every seed. An episode's return is its returns of the ball minus one for the miss
 * that ends it (an episode cut at 500 decisions has no miss), so return_mean + 1 is a lower bound
 * of returns per miss.
 * Run: node benchmarks/pong_target.bench.mjs [--steps N] [--seeds 1,2,3] [--envs 8]  (plain Node: it drives a browser)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const steps = arg('--steps', '100000');
const seeds = arg('--seeds', '1,2,3').split(',');
const envs = arg('--envs', '8');
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const outDir = join(root, 'build', 'bench', 'pong');
const TARGET_RETURNS_PER_MISS = 3;
const TARGET_SECONDS = 600;

if (!existsSync(cli)) spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });

/** Runs the command with `args`; its last --json line, parsed, and the wall-clock seconds it took. */
function pixelpilot(commandArgs) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...commandArgs, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`pixelpilot ${commandArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1);
  return { result: JSON.parse(last), seconds };
}

const rows = [];
for (const seed of seeds) {
  const policy = join(outDir, `pong_seed${seed}.ppol`);
  const load = loadavg()[0].toFixed(1);
  const train = pixelpilot(['train', 'demos/specs/pong_ppo_natureish.json', '--game', 'demos/pong/training.ts', '--envs', envs, '--steps', steps, '--seed', seed, '--backend', 'wasm', '--save', policy, '--plot', join(outDir, `pong_seed${seed}.svg`)]);
  // The target is judged from the game's own restarts, as when it was set; the random-start evaluation (eval's default) is reported beside it.
  const evaluation = pixelpilot(['eval', policy, '--game', 'demos/pong/training.ts', '--envs', envs, '--episodes', '200', '--no-random-starts']);
  const varied = pixelpilot(['eval', policy, '--game', 'demos/pong/training.ts', '--envs', envs, '--episodes', '200']);
  const perMiss = evaluation.result.return_mean + 1;
  const met = perMiss >= TARGET_RETURNS_PER_MISS && train.seconds <= TARGET_SECONDS;
  const row = { seed, steps: train.result.steps, trainSeconds: train.seconds, trainReturnMean100: train.result.return_mean_100, greedyReturnMean: evaluation.result.return_mean, greedyRandomStarts: varied.result.return_mean, returnsPerMissAtLeast: perMiss, load, met };
  rows.push(row);
  console.log(JSON.stringify(row));
}

console.log(`\n| seed | agent steps | wall clock (train --game, 8 copies) | training return (last 100) | greedy return (200 episodes) | greedy, random starts | returns per miss (at least) | load at start |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.seed} | ${r.steps} | ${r.trainSeconds.toFixed(0)} s | ${r.trainReturnMean100.toFixed(2)} | ${r.greedyReturnMean.toFixed(2)} | ${r.greedyRandomStarts.toFixed(2)} | ${r.returnsPerMissAtLeast.toFixed(1)} | ${r.load} |`);
}
const met = rows.filter((r) => r.met).length;
console.log(`\ntarget (>= ${TARGET_RETURNS_PER_MISS} returns per miss in <= ${TARGET_SECONDS / 60} min): met in ${met} of ${rows.length} seeds`);
