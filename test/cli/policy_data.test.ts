/**
 * The CLI treats policy files as data (issue 10, items 13, 14 and 17): `eval` never imports a
 * module named by a file, reads its file like every other load (regular files only, the same
 * size bound), and checks the parameter cap before building; every command parses --seed the
 * same way; an env whose close() throws never hides the run's result or error.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run_cli';
import { buildNet } from '../../src/net/net';
import { resolveSpec } from '../../src/spec/index';
import { policyArtifacts } from '../../src/store/policy_artifact';
import { encodePolicyFile } from '../../src/store/policy_file';
import { Rng } from '../../src/util/rng';

const ROOT = join(__dirname, '..', '..', '..');
const SLM = join(ROOT, 'test', 'spec', 'fixtures', 'slm_specs');
const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-data-'));
const marker = join(dir, 'imported.txt');

/** A 4-float, 2-action env module; `imports` writes the marker when imported, `close`/`step` may throw. */
function envModule(name: string, options: { marker?: boolean; closeThrows?: boolean; stepThrowsAfter?: number }): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `import { writeFileSync } from 'node:fs';
${options.marker ? `writeFileSync(${JSON.stringify(marker)}, 'imported');` : ''}
export default function make() {
  let t = 0;
  return {
    observationSpace: { shape: [4], dtype: 'float32' },
    actionSpace: { type: 'discrete', n: 2 },
    reset() { t = 0; return { observation: new Float32Array(4) }; },
    step(a) {
      t++;
      ${options.stepThrowsAfter !== undefined ? `if (t > ${options.stepThrowsAfter}) throw new Error('step exploded');` : ''}
      return { observation: Float32Array.of(t / 10, 0, 0, 0), reward: 1, terminated: t >= 5, truncated: false };
    },
    close() { ${options.closeThrows ? "throw new Error('close exploded');" : ''} },
  };
}
`,
  );
  return path;
}

/** A small Reinforce MLP policy for a [4]-float, 2-action env named `envName`, as the SDK writes it. */
async function policyFor(envName: string, file: string): Promise<string> {
  const { spec } = resolveSpec({
    agent: {
      name: 'r',
      algorithm: { name: 'Reinforce', action_pdtype: 'default', action_policy: 'default', gamma: 0.99, training_frequency: 1 },
      memory: { name: 'OnPolicyReplay' },
      net: { type: 'MLPNet', hid_layers: [8], optim_spec: { name: 'Adam', lr: 0.01 } },
    },
    env: { name: envName },
  });
  const net = buildNet(spec.agent.net, { inShape: [4], outDims: [2], rng: new Rng(1) });
  try {
    const artifacts = await policyArtifacts({ spec, observation: { shape: [4], dtype: 'float32', frameStack: 1 }, actionSpace: { type: 'discrete', n: 2 }, frames: 0, nets: new Map([['net', net]]) });
    const path = join(dir, file);
    writeFileSync(path, encodePolicyFile(artifacts));
    return path;
  } finally {
    net.dispose();
  }
}

let evilPolicy: string;
let cartpolePolicy: string;

before(async () => {
  const evilEnv = envModule('evil_env.mjs', { marker: true });
  evilPolicy = await policyFor(evilEnv, 'evil.ppol');
  cartpolePolicy = await policyFor('CartPole-v1', 'cartpole.ppol');
});

test('eval never imports the env module a policy file names; --env is required for a module', async () => {
  const r = await cli('eval', evilPolicy, '--episodes', '1', '--json');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /evil\.ppol: the policy was trained on env ".*evil_env\.mjs", which is not a built-in env; a policy file never selects code to run, so give the env with --env NAME\|PATH/);
  assert.equal(existsSync(marker), false, 'the module named by the file was never imported');
});

test('eval takes a built-in env name from the file', async () => {
  const r = await cli('eval', cartpolePolicy, '--episodes', '2', '--backend', 'cpu', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.episodes, 2);
});

test('eval refuses a FIFO at once instead of hanging on it', { timeout: 20_000 }, async () => {
  const fifo = join(dir, 'policy.fifo');
  execFileSync('mkfifo', [fifo]);
  const r = await cli('eval', fifo, '--env', 'CartPole-v1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /StorageError: .*policy\.fifo: not a regular file/);
});

test("eval reads its file with every load's size bound (a sparse 300 MiB file is refused unread)", async () => {
  const big = join(dir, 'big.ppol');
  writeFileSync(big, '');
  truncateSync(big, 300 * 1024 * 1024);
  const r = await cli('eval', big, '--env', 'CartPole-v1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /StorageError: .*big\.ppol: the file is 314572800 bytes, over the limit of 268435456 \(maxBytes\)/);
  const missing = await cli('eval', join(dir, 'missing.ppol'), '--env', 'catch');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /StorageError: .*missing\.ppol: cannot read the policy file \(no such file\)/);
});

test('one seed parser: decimal safe integers only, for train and eval', async () => {
  const spec = join(SLM, 'ppo_cartpole.json');
  for (const seed of ['0x10', '12345678901234567890', '1e3', '7.0', ' 7', '']) {
    const t = await cli('train', spec, '--steps', '10', '--seed', seed);
    assert.equal(t.code, 2, `train --seed '${seed}'`);
    assert.match(t.stderr, /--seed must be a decimal integer/);
    const e = await cli('eval', cartpolePolicy, '--seed', seed);
    assert.equal(e.code, 2, `eval --seed '${seed}'`);
    assert.match(e.stderr, /--seed must be a decimal integer/);
  }
  const ok = await cli('eval', cartpolePolicy, '--seed=-3', '--episodes', '1', '--backend', 'cpu', '--json');
  assert.equal(ok.code, 0, ok.stderr);
});

test('the parameter cap guards summary, train and eval before anything is built (--max-params)', async () => {
  const spec = join(SLM, 'ppo_cartpole.json');
  const s = await cli('summary', spec, '--max-params', '100');
  assert.equal(s.code, 1);
  assert.match(s.stderr, /SpecError: 1 problem in spec "[^"]+"\n {2}agent\.net: the nets would have [\d,]+ trainable parameters \(net [\d,]+, critic_net [\d,]+\), over the limit of 100 \(maxParams/);
  assert.equal((await cli('summary', spec, '--json')).code, 0);
  const t = await cli('train', spec, '--steps', '10', '--max-params', '100');
  assert.equal(t.code, 1);
  assert.match(t.stderr, /agent\.net: the nets would have .* over the limit of 100/);
  const e = await cli('eval', cartpolePolicy, '--max-params', '10');
  assert.equal(e.code, 1);
  assert.match(e.stderr, /agent\.net: the nets would have 58 trainable parameters .* over the limit of 10 /);
  assert.equal((await cli('summary', spec, '--max-params', '0x10')).code, 2);
});

test("an env whose close() throws never hides the run's result or its error", async () => {
  const spec = join(SLM, 'ppo_cartpole.json');
  const closing = envModule('close_throws.mjs', { closeThrows: true });
  const r = await cli('train', spec, '--env', closing, '--steps', '40', '--backend', 'cpu', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.steps, 40);
  assert.match(r.stderr, /warning: env ".*close_throws\.mjs" failed to close: .*close exploded/);
  const both = envModule('step_and_close_throw.mjs', { closeThrows: true, stepThrowsAfter: 3 });
  const f = await cli('train', spec, '--env', both, '--steps', '40', '--backend', 'cpu');
  assert.equal(f.code, 1);
  assert.match(f.stderr, /EnvError: .*step exploded/);
  assert.match(f.stderr, /warning: env .* failed to close: .*close exploded/);
  const e = await cli('eval', cartpolePolicy, '--env', closing, '--episodes', '2', '--backend', 'cpu', '--json');
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json.episodes, 2);
  assert.match(e.stderr, /failed to close: .*close exploded/);
});
