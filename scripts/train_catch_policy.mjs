// Trains the policy the catch demo ships (demos/catch/catch.ppol, played by demos/catch/ship.html
// with pixelpilot/play) in Node with the `pixelpilot` command: the demo's own spec
// (demos/specs/dqn_catch_pixels.json) on the demo's game as an env module (demos/catch/catch_env.ts,
// bundled for Node here), then a greedy evaluation of the saved file.
// Usage: node scripts/train_catch_policy.mjs [--frames N] [--seed S]   (npm run train:catch)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const env = join(root, 'build', 'demos', 'catch_env.mjs');
const policy = join(root, 'demos', 'catch', 'catch.ppol');

function run(command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'dist', 'cli.js'))) run('npx', ['rollup', '-c', '--silent']);
await build({
  entryPoints: [join(root, 'demos', 'catch', 'catch_env.ts')],
  outfile: env,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const cli = join(root, 'dist', 'cli.js');
run(process.execPath, [cli, 'train', 'demos/specs/dqn_catch_pixels.json', '--env', env, '--frames', arg('--frames', '8000'), '--seed', arg('--seed', '1'), '--backend', 'wasm', '--save', policy]);
run(process.execPath, [cli, 'eval', policy, '--env', env, '--episodes', '200']);
