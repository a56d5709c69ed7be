/**
 * The packed package as a Node user gets it: `npm pack`, installed into an empty ESM project,
 * imported by plain Node 20 with no bundler; and bundled by esbuild, which honours the
 * "sideEffects" lists of packages (so a registration a bundler may drop would show here); its CLI
 * runs with the dependencies npm installed (a runtime package left in devDependencies would show).
 * Needs the built package (npm test builds it first).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = process.cwd(); // the runner's cwd is the repository root
let project = '';

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-node-'));
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  project = join(dir, 'app');
  run('mkdir', ['-p', project], dir);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], project);
}, { timeout: 300_000 });

const SCRIPT = `
const main = await import('pixelpilot');
const lab = await import('pixelpilot/lab');
const play = await import('pixelpilot/play');
const out = { main: Object.keys(main).sort(), play: typeof play.loadBot };
for (const gpu of ['cpu', 'wasm']) {
  const chosen = await lab.selectBackend({ gpu });
  const { spec } = lab.resolveSpec(main.presets.ppoVector);
  const y = lab.tf.tidy(() => lab.tf.matMul(lab.tf.ones([2, 3]), lab.tf.ones([3, 4])).sum().arraySync());
  out[gpu] = { backend: chosen.backend, algorithm: spec.agent.algorithm.name, y };
}
try { new main.SpecError([{ path: 'agent', message: 'x' }]); out.specError = true; } catch { out.specError = false; }
console.log(JSON.stringify(out));
`;

test('plain Node 20 ESM imports pixelpilot, pixelpilot/play and pixelpilot/lab from the installed tarball, lab on cpu and wasm', { timeout: 120_000 }, () => {
  writeFileSync(join(project, 'check.mjs'), SCRIPT);
  const out = JSON.parse(run(process.execPath, ['check.mjs'], project).trim().split('\n').at(-1)!);
  for (const name of ['createAgent', 'loadAgent', 'PixelpilotPlugin', 'listPolicies', 'deletePolicy', 'presets', 'SpecError', 'WorkerError']) {
    assert.ok(out.main.includes(name), `pixelpilot exports ${name}`);
  }
  assert.ok(!out.main.includes('tf') && !out.main.includes('Trainer') && !out.main.includes('DecisionLoop'), 'building blocks stay in pixelpilot/lab');
  assert.equal(out.play, 'function', 'pixelpilot/play loads in Node too');
  assert.deepEqual(out.cpu, { backend: 'cpu', algorithm: 'PPO', y: 24 });
  assert.deepEqual(out.wasm, { backend: 'wasm', algorithm: 'PPO', y: 24 });
});

test('in plain Node, pixelpilot/lab works before any backend is chosen (tensor code runs on cpu, quietly), and createAgent says it needs a browser', { timeout: 120_000 }, () => {
  writeFileSync(join(project, 'before_select.mjs'), `
import { buildNet, resolveSpec, presets, Rng, tf } from 'pixelpilot/lab';
import { createAgent, WorkerError } from 'pixelpilot';
const { spec } = resolveSpec(presets.dqnSmallPixels);
const net = buildNet(spec.agent.net, { inShape: [10, 10, 1], outDims: [3], rng: new Rng(1) });
const shape = tf.tidy(() => net.forward(tf.zeros([2, 10, 10, 1]))[0].shape);
let agent = null;
try { await createAgent(presets.dqnSmallPixels, { actions: ['a', 'b'], observation: { width: 10, height: 10 } }); } catch (e) { agent = { worker: e instanceof WorkerError, message: e.message }; }
console.log(JSON.stringify({ backend: tf.getBackend(), shape, agent }));
`);
  const r = spawnSync(process.execPath, ['before_select.mjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
  assert.equal(r.stderr, '', 'no banner, no wasm source dump on stderr');
  const stdout = r.stdout;
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.equal(out.backend, 'cpu');
  assert.deepEqual(out.shape, [2, 3]);
  assert.equal(stdout.trim().split('\n').length, 1, `nothing else printed: ${stdout.slice(0, 300)}`);
  assert.equal(out.agent.worker, true);
  assert.match(out.agent.message, /need a browser: the agent trains in a Web Worker, which Node does not have\. In Node, train with the CLI/);
  assert.doesNotMatch(out.agent.message, /Content-Security-Policy/);
});

test('bundled by esbuild (which drops modules marked side-effect free), pixelpilot/lab still has its cpu backend and gradients', { timeout: 120_000 }, async () => {
  writeFileSync(join(project, 'entry.mjs'), `
import { selectBackend, tf } from 'pixelpilot/lab';
await selectBackend({ gpu: 'cpu' });
const x = tf.scalar(3);
const g = tf.grad((v) => tf.mul(v, v))(x);
console.log(JSON.stringify({ backend: tf.getBackend(), grad: g.arraySync() }));
`);
  await build({ entryPoints: [join(project, 'entry.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: join(project, 'bundle.mjs'), logLevel: 'error', absWorkingDir: project });
  const out = JSON.parse(run(process.execPath, ['bundle.mjs'], project).trim().split('\n').at(-1)!);
  assert.deepEqual(out, { backend: 'cpu', grad: 6 });
});

test('the installed package carries the Python client: PYTHONPATH=node_modules/pixelpilot/python imports pixelpilot_gym', () => {
  const python = join(project, 'node_modules/pixelpilot/python');
  const r = spawnSync(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', ['-B', '-c', 'import pixelpilot_gym as g; print(g.__version__, g.GameVectorEnv.__name__, g.GameEnv.__name__)'], {
    cwd: project, encoding: 'utf8', env: { ...process.env, PYTHONPATH: python },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '0.1.0 GameVectorEnv GameEnv');
  const files = run('find', [python, '-type', 'f'], project).trim().split('\n').map((f) => f.slice(python.length + 1)).sort();
  assert.ok(files.includes('pixelpilot_gym/vector_env.py') && files.includes('examples/dqn_catch.py'), files.join(' '));
  // Python sources and the examples' spec file; no bytecode.
  assert.deepEqual(files.filter((f) => !f.endsWith('.py') && f !== 'examples/catch_dqn_slm_lab.json'), [], 'only Python sources and the example spec (no bytecode)');
});

test('the installed CLI runs: `pixelpilot --help` loads dist/cli.js with its dependencies (ws for serve\'s page link, without its optional native helpers)', () => {
  const help = run(join(project, 'node_modules/.bin/pixelpilot'), ['--help'], project);
  assert.match(help, /^usage: pixelpilot <command>/);
  assert.match(readFileSync(join(project, 'node_modules/pixelpilot/dist/cli.js'), 'utf8'), /^import \{[^}]*\} from 'ws';$/m, 'ws stays a package of its own');
  assert.ok(existsSync(join(project, 'node_modules/ws/package.json')), 'ws is installed as a dependency');
  assert.ok(!existsSync(join(project, 'node_modules/bufferutil')) && !existsSync(join(project, 'node_modules/utf-8-validate')), 'ws\'s optional peers are not installed');
});

test('the tarball and the installed package, measured', (t) => {
  const kb = (dir: string): number => Number(run('du', ['-sk', dir], project).split('\t')[0]);
  t.diagnostic(`node_modules/pixelpilot ${kb(join(project, 'node_modules/pixelpilot'))} KiB; node_modules in all ${kb(join(project, 'node_modules'))} KiB`);
  assert.ok(kb(join(project, 'node_modules/pixelpilot/dist')) > 0);
});
