// Trains a demo's agent on the demo's real scene with the `pixelpilot` command (`train --game`: its
// training entry, N copies stepped by hand in headless Chromium), then plays the saved policy
// greedily on the same scene (`eval --game`, 200 episodes). Writes the learning curve
// (build/demos/<demo>_curve.svg) and the metric lines (build/demos/<demo>_metrics.jsonl, one every
// meta.log_frequency steps, as it trains). The catch policy is the one the demo ships
// (demos/catch/catch.ppol, played by demos/catch/ship.html); the others go to build/demos/.
// Usage: node scripts/train_demo.mjs catch|pong|recall [--steps N] [--seed S] [--envs N]
//        (npm run train:catch, train:pong, train:recall; e.g. npm run train:pong -- --seed 2)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Each demo: its spec, training entry, defaults, and where its policy goes. */
const DEMOS = {
  catch: { spec: 'demos/specs/dqn_catch_pixels.json', entry: 'demos/catch/training.ts', steps: 16000, seed: 3, envs: 8, policy: 'demos/catch/catch.ppol' },
  pong: { spec: 'demos/specs/pong_ppo_natureish.json', entry: 'demos/pong/training.ts', steps: 100000, seed: 1, envs: 8, policy: 'build/demos/pong.ppol' },
  recall: { spec: 'demos/specs/recall_ppo_gru.json', entry: 'demos/recall/training.ts', steps: 6144, seed: 3, envs: 8, policy: 'build/demos/recall.ppol' },
};

const root = new URL('..', import.meta.url).pathname;
const { values, positionals } = parseArgs({ allowPositionals: true, options: { steps: { type: 'string' }, seed: { type: 'string' }, envs: { type: 'string' } } });
const name = positionals[0];
const demo = DEMOS[name];
if (positionals.length !== 1 || demo === undefined) {
  console.error(`usage: node scripts/train_demo.mjs ${Object.keys(DEMOS).join('|')} [--steps N] [--seed S] [--envs N]`);
  process.exit(2);
}

function run(command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'dist', 'cli.js'))) run('npx', ['rollup', '-c', '--silent']);
mkdirSync(join(root, 'build', 'demos'), { recursive: true });
const cli = join(root, 'dist', 'cli.js');
const envs = values.envs ?? String(demo.envs);
run(process.execPath, [cli, 'train', demo.spec, '--game', demo.entry, '--envs', envs, '--steps', values.steps ?? String(demo.steps),
  '--seed', values.seed ?? String(demo.seed), '--backend', 'wasm', '--save', demo.policy,
  '--plot', `build/demos/${name}_curve.svg`, '--metrics', `build/demos/${name}_metrics.jsonl`]);
run(process.execPath, [cli, 'eval', demo.policy, '--game', demo.entry, '--envs', envs, '--episodes', '200']);
