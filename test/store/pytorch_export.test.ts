/**
 * A policy's nets as PyTorch state_dicts: for each demo agent (catch ConvNet, Pong NatureishCNN,
 * memory GRU), a ConvNet with BatchNorm, an IMPALA net and a bidirectional LSTM over an AMAGO
 * encoder, the safetensors export loads with
 * `load_state_dict(strict=True)` into the PyTorch module that test/python/slm_nets.py builds from
 * the same resolved spec the way SLM Lab and AMAGO do, and gives our heads (cpu backend) to 1e-4
 * on the same inputs. The test runs Debian's python3 with torch: without it, it fails.
 * Round trip: export -> policyFromSafetensors gives the weights bit for bit and the same greedy
 * actions through loadBot; a checkpoint that does not fit is refused naming every problem.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { decodePolicyFile } from '../../src/store/policy_file';
import { buildPolicyNets } from '../../src/store/policy_nets';
import { readPolicyArtifacts } from '../../src/store/policy_read';
import { policyToSafetensors } from '../../src/store/pytorch_export';
import { encodeSafetensors, readSafetensors } from '../../src/store/safetensors';
import { policyFromSafetensors } from '../../src/store/safetensors_policy';
import { ShapeError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { useBackend } from '../train/backends';
import {
  algorithmFor,
  BATCH_NORM_CASE,
  DEMO_CASES,
  EXTRA_CASES,
  headsOf,
  inputShapeOf,
  maxAbsDiff,
  policyFile,
  randomObservation,
  runPython,
  scramble,
  type PolicyCase,
} from './export_cases';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-pytorch-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Inputs for a batch: random pixels, and for a RecurrentNet windows whose first steps are zeros (an episode's start). */
function inputsFor(c: PolicyCase, inputShape: readonly number[], rows: number, rng: Rng): Uint8Array | Float32Array {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const obsSize = c.obsShape.reduce((a, b) => a * b, 1);
  const out = c.obsDtype === 'uint8' ? new Uint8Array(rows * size) : new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    const steps = size / obsSize;
    const padded = steps > 1 ? r % steps : 0;
    for (let s = padded; s < steps; s++) out.set(randomObservation(c, rng), r * size + s * obsSize);
  }
  return out;
}

/** The policy file of a case's freshly built (seeded, PyTorch-initialised) agent; `scrambled` moves every weight and buffer off its init. */
async function casePolicy(c: PolicyCase, scrambled: boolean): Promise<Uint8Array> {
  const { algorithm } = algorithmFor(c, 5);
  try {
    if (scrambled) scramble(algorithm, 9);
    return await policyFile(c, algorithm);
  } finally {
    algorithm.dispose();
  }
}

describe('safetensors export: PyTorch loads it strictly and computes our heads', () => {
  before(() => useBackend('cpu'));
  const cases: [PolicyCase, boolean][] = [...DEMO_CASES.map((c): [PolicyCase, boolean] => [c, false]), [BATCH_NORM_CASE, true], ...EXTRA_CASES.map((c): [PolicyCase, boolean] => [c, false])];
  for (const [c, scrambled] of cases) {
    test(c.title, async () => {
      const start = tf.memory().numTensors;
      const bytes = await casePolicy(c, scrambled);
      const file = join(dir, `${c.title.replace(/\W+/g, '_')}.safetensors`);
      writeFileSync(file, await policyToSafetensors(bytes));
      const contents = await readPolicyArtifacts(decodePolicyFile(bytes, 'case'), 'case');
      const built = buildPolicyNets(contents, 'case');
      const jobs: { name: string; spec: unknown; in_shape: number[]; out_dims: number[] }[] = [];
      const ours = new Map<string, Float32Array[]>();
      const rows = 24;
      let inputShape: number[] = [];
      try {
        const net = built.nets.get('net')!;
        inputShape = inputShapeOf(net, c);
        const inputs = inputsFor(c, inputShape, rows, new Rng(4));
        writeFileSync(join(dir, 'inputs.bin'), inputs);
        for (const [name, n] of built.nets) {
          ours.set(name, await headsOf(n, inputs, inputShape));
          jobs.push({ name, spec: c.spec.agent.net, in_shape: c.obsShape, out_dims: n.outDims });
        }
      } finally {
        built.dispose();
      }
      const job = join(dir, 'job.json');
      writeFileSync(job, JSON.stringify({ weights: file, nets: jobs, inputs: join(dir, 'inputs.bin'), input_shape: [rows, ...inputShape], input_dtype: c.obsDtype }));
      const run = await runPython('state_dict_forward.py', [job]);
      assert.equal(run.code, 0, `python failed (exit ${run.code}):\n${run.stderr}`);
      const theirs = JSON.parse(run.stdout) as { outputs: Record<string, number[][]>; keys: Record<string, string[]>; metadata: Record<string, string> };
      assert.equal(theirs.metadata.format, 'pixelpilot-pytorch-state-dict');
      for (const [name, heads] of ours) {
        assert.equal(theirs.outputs[name]!.length, heads.length, `${name}: head count`);
        heads.forEach((h, i) => {
          const diff = maxAbsDiff(h, theirs.outputs[name]![i]!);
          console.log(`# ${c.title}: ${name} head ${i} (${h.length} values) max |ours - PyTorch| = ${diff.toExponential(2)}`);
          assert.ok(diff <= 1e-4, `${name} head ${i}: max abs difference ${diff}`);
        });
      }
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  }
});

describe('safetensors import', () => {
  before(() => useBackend('cpu'));
  for (const c of DEMO_CASES) {
    test(`${c.title}: export -> import gives the weights bit for bit and the same greedy actions`, async () => {
      const start = tf.memory().numTensors;
      const bytes = await casePolicy(c, false);
      const imported = await policyFromSafetensors(await policyToSafetensors(bytes), readFileSync(c.specPath, 'utf8'), {
        observation: { shape: c.obsShape },
        actionSpace: c.actionSpace,
      });
      const a = await readPolicyArtifacts(decodePolicyFile(bytes, 'original'), 'original');
      const b = await readPolicyArtifacts(decodePolicyFile(imported, 'imported'), 'imported');
      assert.equal(b.manifest.training, null);
      assert.deepEqual(b.manifest.observation, { shape: c.obsShape, dtype: 'uint8', frameStack: c.frameStack, pipeline: null });
      assert.deepEqual(b.manifest.weights, a.manifest.weights);
      for (const [name, data] of a.weights) {
        const other = b.weights.get(name)!;
        assert.deepEqual(new Uint32Array(other.buffer, other.byteOffset, other.length), new Uint32Array(data.buffer, data.byteOffset, data.length), name);
      }
      const [botA, botB] = [await loadBot(bytes, { backend: 'cpu' }), await loadBot(imported, { backend: 'cpu' })];
      try {
        const rng = new Rng(8);
        for (let t = 0; t < 40; t++) {
          const obs = randomObservation(c, rng);
          assert.equal(await botB.act(obs), await botA.act(obs), `step ${t}`);
        }
      } finally {
        botA.dispose();
        botB.dispose();
      }
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  }

  test('bare net.state_dict() keys import into a one-net policy', async () => {
    const c = DEMO_CASES[0]!;
    const tensors = readSafetensors(await policyToSafetensors(await casePolicy(c, false)), 'export');
    const bare = new Map([...tensors].map(([k, t]) => [k.slice('net.'.length), t]));
    const bytes = await policyFromSafetensors(encodeSafetensors(bare), readFileSync(c.specPath, 'utf8'), { observation: { shape: c.obsShape }, actionSpace: c.actionSpace });
    const contents = await readPolicyArtifacts(decodePolicyFile(bytes, 'bare'), 'bare');
    assert.equal(contents.manifest.weights.length, bare.size);
  });

  test('a checkpoint that does not fit is refused naming every missing, unexpected and misshapen tensor', async () => {
    const start = tf.memory().numTensors;
    const c = DEMO_CASES[1]!;
    const tensors = readSafetensors(await policyToSafetensors(await casePolicy(c, false)), 'export');
    tensors.delete('net.cnn.conv2.bias');
    tensors.set('net.cnn.conv4.weight', { dtype: 'F32', shape: [1], data: new Float32Array(1) });
    tensors.set('net.fc_model.0.bias', { dtype: 'F32', shape: [127], data: new Float32Array(127) });
    const options = { observation: { shape: c.obsShape }, actionSpace: c.actionSpace, where: 'bad.safetensors' };
    const spec = readFileSync(c.specPath, 'utf8');
    await assert.rejects(policyFromSafetensors(encodeSafetensors(tensors), spec, options), (e: unknown) => {
      assert.ok(e instanceof ShapeError);
      const m = (e as Error).message;
      assert.match(m, /bad\.safetensors/);
      assert.match(m, /missing from the checkpoint \(1\): net\.cnn\.conv2\.bias/);
      assert.match(m, /in the checkpoint but not in the net \(1\): net\.cnn\.conv4\.weight/);
      assert.match(m, /net\.fc_model\.0\.bias: checkpoint shape \[127\] but the net's PyTorch shape is \[128\]/);
      return true;
    });
    // The same file for other spaces: the first Linear's input no longer fits.
    await assert.rejects(policyFromSafetensors(await policyToSafetensors(await casePolicy(c, false)), spec, { ...options, observation: { shape: [64, 64, 2] } }), /net\.fc_model\.0\.weight: checkpoint shape \[128,128\] but the net's PyTorch shape is \[128,512\]/);
    await assert.rejects(policyFromSafetensors(new Uint8Array([1, 2, 3]), spec, options), StorageError);
    await assert.rejects(policyFromSafetensors(encodeSafetensors(tensors), spec, { ...options, observation: { shape: [48, 48, 3] } }), /3 channels do not hold 2 stacked frames/);
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
  });
});
