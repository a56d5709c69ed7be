/**
 * The "past one machine" recipes (python/examples/, docs/past_one_machine.md), checked by what runs
 * on these machines: Ray, Gymnasium and SLM Lab cannot be installed here, Debian's python3 with
 * numpy and torch can. test/python/recipe_checks.py compiles every example, imports the env
 * factory and the RLlib recipe without ray or gymnasium and checks the GameEnv arguments they
 * build (seeds per runner and env, errors), and checks the SLM Lab spec file against SLM Lab's own
 * spec format and env keys. The recipe's last step runs for real: a net built from that spec file
 * as SLM Lab builds it, saved as SLM Lab saves it, converted by slm_lab_to_safetensors.py and
 * brought in by `pixelpilot import` gives PyTorch's outputs to 1e-4.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { resolveSpec } from '../../src/spec/index';
import { decodePolicyFile } from '../../src/store/policy_file';
import { buildPolicyNets } from '../../src/store/policy_nets';
import { readPolicyArtifacts } from '../../src/store/policy_read';
import { cli } from '../cli/run_cli';
import { headsOf, maxAbsDiff, runPython } from '../store/export_cases';
import { useBackend } from '../train/backends';

const SPEC = 'python/examples/catch_dqn_slm_lab.json';
const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-recipes-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => useBackend('cpu'));

test('the recipes\' Python: compiles, the env factory and the RLlib recipe import without ray or gymnasium and build the right GameEnv arguments, the SLM Lab spec passes SLM Lab\'s checks', async () => {
  const r = await runPython('recipe_checks.py', []);
  console.log(r.stderr.trim());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Ran 8 tests/);
  assert.match(r.stderr, /\nOK\s*$/);
});

test('SLM Lab recipe, last step: SLM Lab\'s saved net -> slm_lab_to_safetensors.py -> pixelpilot import gives PyTorch\'s outputs', async () => {
  const { spec, warnings } = resolveSpec(readFileSync(SPEC, 'utf8'));
  // SLM Lab's keys with no meaning here are warnings (never silence): the spec file is SLM Lab's too.
  assert.deepEqual(warnings.map((w) => w.path).sort(), ['meta.distributed', 'meta.max_session', 'meta.max_trial']);
  const rows = 32;
  const job = join(dir, 'job.json');
  writeFileSync(job, JSON.stringify({ net_spec: spec.agent.net, in_shape: [10, 10, 1], out_dims: [3], dir, rows }));
  const py = await runPython('slm_lab_roundtrip.py', [job]);
  assert.equal(py.code, 0, py.stderr);
  const theirs = JSON.parse(py.stdout) as { outputs: number[][]; keys: string[]; tensors: number };
  assert.deepEqual(theirs.keys, ['net.conv_model.0.bias', 'net.conv_model.0.weight', 'net.conv_model.2.bias', 'net.conv_model.2.weight', 'net.fc_model.0.bias', 'net.fc_model.0.weight', 'net.model_tail.0.bias', 'net.model_tail.0.weight']);
  const out = join(dir, 'catch.ppol');
  const i = await cli('import', join(dir, 'policy.safetensors'), '--spec', SPEC, '--obs', '10x10x1', '--actions', '3', '--out', out, '--json');
  assert.equal(i.code, 0, i.stderr);
  assert.equal(i.json.tensors, 8);
  const start = tf.memory().numTensors;
  const contents = await readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(out)), out), out);
  const built = buildPolicyNets(contents, out);
  try {
    const [heads] = await headsOf(built.nets.get('net')!, new Uint8Array(readFileSync(join(dir, 'inputs.bin'))), [10, 10, 1]);
    const diff = maxAbsDiff(heads!, theirs.outputs.flat());
    console.log(`SLM Lab net (${rows} frames x 3 Q-values): max |pixelpilot - PyTorch| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max abs difference ${diff}`);
  } finally {
    built.dispose();
  }
  assert.equal(tf.memory().numTensors, start, 'tensors leaked');
});
