// Trains the policy the catch demo ships (demos/catch/catch.ppol, played by demos/catch/ship.html
// with pixelpilot/play) with the `pixelpilot` command on the demo's real scene: the demo's own spec
// (demos/specs/dqn_catch_pixels.json) and its training entry (demos/catch/training.ts), 8 copies
// stepped by hand in headless Chromium (`train --game`), then a greedy evaluation of the saved file
// on the same scene (`eval --game`) and the learning curve in build/demos/catch_curve.svg.
// Usage: node scripts/train_catch_policy.mjs [--frames N] [--seed S] [--envs N]   (npm run train:catch)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const entry = 'demos/catch/training.ts';
const policy = join(root, 'demos', 'catch', 'catch.ppol');
const plot = join(root, 'build', 'demos', 'catch_curve.svg');

function run(command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'dist', 'cli.js'))) run('npx', ['rollup', '-c', '--silent']);
mkdirSync(join(root, 'build', 'demos'), { recursive: true });
const cli = join(root, 'dist', 'cli.js');
const envs = arg('--envs', '8');
run(process.execPath, [cli, 'train', 'demos/specs/dqn_catch_pixels.json', '--game', entry, '--envs', envs, '--frames', arg('--frames', '16000'), '--seed', arg('--seed', '3'), '--backend', 'wasm', '--save', policy, '--plot', plot]);
run(process.execPath, [cli, 'eval', policy, '--game', entry, '--envs', envs, '--episodes', '200']);
