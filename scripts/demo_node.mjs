// `npm run demo:node`: builds the package, then runs the catch demo in Node, with no browser: a
// DoubleDQN agent learns the catch game from its pixels with the `pixelpilot` command, saves its
// policy, and the saved policy is played greedily. (`npm start` serves the browser demos.)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'demos', 'out');
mkdirSync(out, { recursive: true });
const policy = join(out, 'catch.ppol');

function run(title, command, args) {
  console.log(`\n== ${title}\n$ ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('build', 'npx', ['rollup', '-c', '--silent']);
const cli = join(root, 'dist', 'cli.js');
const spec = join(root, 'demos', 'specs', 'dqn_catch.json');
run('the agent and its nets', process.execPath, [cli, 'summary', spec]);
run('train on catch pixels (wasm)', process.execPath, [cli, 'train', spec, '--steps', '8000', '--save', policy]);
run('play the saved policy greedily', process.execPath, [cli, 'eval', policy, '--env', 'catch', '--episodes', '200']);
