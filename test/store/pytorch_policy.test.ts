/**
 * policyFromPytorch and importPyTorchPolicy (Node, cpu): a PyTorch state_dict becomes the policy
 * file of the agent createAgent builds from the same spec and options. The shipped catch policy
 * (saved by `train --game` on the catch entry) exported as safetensors and imported with the catch
 * entry's options gives back its manifest observation, pipeline and action names exactly, its
 * acting weights bit for bit and its greedy actions; the pipeline follows createAgent's defaults
 * (the spec's frame stack, 84x84 gray, crops kept); weights that do not fit are refused naming the
 * spec, the spaces and both shapes; bad options and inputs are typed errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { importPyTorchPolicy } from '../../src/agent/import_pytorch_policy';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { pipelineFromOptions, pipelineObservation } from '../../src/store/observation_pipeline';
import { decodePolicyFile } from '../../src/store/policy_file';
import { readPolicyArtifacts, type PolicyContents } from '../../src/store/policy_read';
import { policyToSafetensors } from '../../src/store/pytorch_export';
import { policyFromPytorch } from '../../src/store/pytorch_policy';
import { policyFromSafetensors } from '../../src/store/safetensors_policy';
import { AgentError, ShapeError, SpecError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { useBackend } from '../train/backends';

const SHIPPED = 'demos/catch/catch.ppol';
const CATCH_SPEC = readFileSync('demos/specs/dqn_catch_pixels.json', 'utf8');
const PONG_SPEC = readFileSync('demos/specs/pong_ppo_natureish.json', 'utf8');
/** demos/catch/training.ts's actions and observation. */
const CATCH = { actions: ['left', 'stay', 'right'], observation: { width: 10, height: 10, grayscale: true } } as const;

const contentsOf = (bytes: Uint8Array, where: string): Promise<PolicyContents> => readPolicyArtifacts(decodePolicyFile(bytes, where), where);
const shipped = (): Uint8Array => new Uint8Array(readFileSync(SHIPPED));

describe('the pipeline createAgent builds from its observation options', () => {
  test('defaults: 84x84 gray, the spec\'s frame stack, else 4; crops copied; vectors as they are', () => {
    assert.deepEqual(pipelineFromOptions(undefined, null), { kind: 'pixels', width: 84, height: 84, grayscale: true, frameStack: 4, crop: null });
    assert.deepEqual(pipelineFromOptions({ width: 48, height: 48 }, 2), { kind: 'pixels', width: 48, height: 48, grayscale: true, frameStack: 2, crop: null });
    const crop = { x: 0, y: 40, w: 400, h: 360 };
    const p = pipelineFromOptions({ width: 48, height: 48, grayscale: false, frameStack: 3, crop }, 2);
    assert.deepEqual(p, { kind: 'pixels', width: 48, height: 48, grayscale: false, frameStack: 3, crop });
    assert.notEqual((p as { crop: unknown }).crop, crop, 'a copy');
    assert.deepEqual(pipelineObservation(p).shape, [48, 48, 9]);
    assert.deepEqual(pipelineObservation(pipelineFromOptions({ vector: 6 }, 4)), { shape: [6], dtype: 'float32', frameStack: 1, pipeline: { kind: 'vector', length: 6 } });
  });
});

describe('policyFromPytorch', () => {
  before(() => useBackend('cpu'));

  test('the shipped catch policy out as safetensors and back with the catch entry\'s options: its manifest observation, action names, weights and actions', async () => {
    const start = tf.memory().numTensors;
    const original = await contentsOf(shipped(), SHIPPED);
    const weights = await policyToSafetensors(shipped());
    const bytes = await policyFromPytorch(weights, CATCH_SPEC, { ...CATCH, where: 'catch.safetensors' });
    const imported = await contentsOf(bytes, 'imported');
    // What train --game saved for the catch entry, exactly (pipeline included).
    assert.deepEqual(imported.manifest.observation, original.manifest.observation);
    assert.deepEqual(imported.manifest.actionNames, original.manifest.actionNames);
    assert.deepEqual(imported.manifest.actionSpace, original.manifest.actionSpace);
    assert.equal(imported.manifest.training, null);
    const acting = original.manifest.weights.filter((w) => w.kind === 'parameter' || w.kind === 'buffer');
    assert.deepEqual(imported.manifest.weights, acting);
    for (const w of acting) assert.deepEqual(new Uint8Array(imported.weights.get(w.name)!.buffer), new Uint8Array(original.weights.get(w.name)!.buffer), w.name);
    const [a, b] = [await loadBot(shipped(), { backend: 'cpu' }), await loadBot(bytes, { backend: 'cpu', actions: CATCH.actions, observation: { width: 10, height: 10, frameStack: 1 } })];
    try {
      const rng = new Rng(3);
      for (let t = 0; t < 200; t++) {
        const obs = Uint8Array.from({ length: 100 }, () => (rng.uniform() < 0.1 ? 255 : 0));
        assert.equal(await b.act(obs), await a.act(obs), `observation ${t}`);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
  });

  test('the frame stack is the spec\'s (Pong: 2 frames of 48x48, the crop kept); the same weights as --obs 48x48x2', async () => {
    const weights = await pongWeights();
    const pong = await policyFromSafetensors(weights, PONG_SPEC, { observation: { shape: [48, 48, 2] }, actionSpace: { type: 'discrete', n: 3 } });
    const crop = { x: 0, y: 40, w: 400, h: 360 };
    const bytes = await policyFromPytorch(weights, PONG_SPEC, { actions: ['left', 'stay', 'right'], observation: { width: 48, height: 48, grayscale: true, crop } });
    const c = await contentsOf(bytes, 'pong');
    assert.deepEqual(c.manifest.observation, { shape: [48, 48, 2], dtype: 'uint8', frameStack: 2, pipeline: { kind: 'pixels', width: 48, height: 48, grayscale: true, frameStack: 2, crop } });
    const plain = await contentsOf(pong, 'plain');
    assert.equal(plain.manifest.observation.pipeline, null, '--obs knows no pipeline');
    for (const w of plain.manifest.weights) assert.deepEqual(c.weights.get(w.name), plain.weights.get(w.name), w.name);
  });

  test('weights that do not fit: a ShapeError naming the file, the spec, the spaces, the tensor and both shapes; a net that cannot take the image names the spec', async () => {
    const weights = await policyToSafetensors(shipped());
    await assert.rejects(policyFromPytorch(weights, CATCH_SPEC, { actions: ['left', 'stay', 'right', 'fire'], observation: CATCH.observation, where: 'catch.safetensors' }), (e: unknown) => {
      assert.ok(e instanceof ShapeError, String(e));
      assert.match(e.message, /^catch\.safetensors: the PyTorch state_dict does not match the nets of spec "ddqn_catch_pixels" \(ConvNet\) for observation \[10,10,1\], 1 frame stacked and 4 actions\n/);
      assert.match(e.message, /\n {2}net\.model_tail\.0\.weight: checkpoint shape \[3,64\] but the net's PyTorch shape is \[4,64\]/);
      return true;
    });
    await assert.rejects(policyFromPytorch(weights, PONG_SPEC, { ...CATCH, where: 'catch.safetensors' }), (e: unknown) => {
      assert.ok(e instanceof ShapeError, String(e));
      assert.match(e.message, /^catch\.safetensors: the nets of spec "pong_ppo_natureish" \(NatureishCNN\) for observation \[10,10,2\], 2 frames stacked and 3 actions cannot be built: .*cnn\.conv\d/);
      return true;
    });
    await assert.rejects(policyFromPytorch(new Uint8Array([1, 2, 3]), CATCH_SPEC, CATCH), StorageError);
    await assert.rejects(policyFromPytorch(weights, '{"agent": {"name": "DQN"}}', CATCH), SpecError);
  });

  test('a pipeline that does not give the observation is refused', async () => {
    const weights = await policyToSafetensors(shipped());
    await assert.rejects(
      policyFromSafetensors(weights, CATCH_SPEC, { observation: { shape: [10, 10, 1], pipeline: { kind: 'pixels', width: 12, height: 10, grayscale: true, frameStack: 1, crop: null } }, actionSpace: { type: 'discrete', n: 3 } }),
      /the pipeline .* gives \[10,12,1\] uint8 \(1 frames\), not the observation \[10,10,1\] uint8 \(1 frames\)/,
    );
  });
});

describe('importPyTorchPolicy (pixelpilot)', () => {
  before(() => useBackend('cpu'));

  test('gives policyFromPytorch\'s bytes, on the current backend (left as it was)', async () => {
    const weights = await policyToSafetensors(shipped());
    const a = await importPyTorchPolicy(weights, CATCH_SPEC, CATCH);
    assert.equal(tf.getBackend(), 'cpu');
    // The same file but its time of writing (createdAt, and so the checksum).
    const same = async (x: Uint8Array, y: Uint8Array): Promise<void> => {
      const [cx, cy] = [await contentsOf(x, 'x'), await contentsOf(y, 'y')];
      assert.deepEqual({ ...cx.manifest, createdAt: '', checksum: '' }, { ...cy.manifest, createdAt: '', checksum: '' });
      assert.deepEqual(cx.weights, cy.weights);
    };
    await same(a, await policyFromPytorch(weights, CATCH_SPEC, CATCH));
    await same(await importPyTorchPolicy(weights.slice().buffer, CATCH_SPEC, CATCH), a);
  });

  test('bad options and inputs are typed errors', async () => {
    const weights = await policyToSafetensors(shipped());
    await assert.rejects(importPyTorchPolicy(weights, CATCH_SPEC, { actions: ['left', 'left'] }), (e: unknown) => e instanceof AgentError && /actions must have distinct names/.test((e as Error).message));
    await assert.rejects(importPyTorchPolicy(weights, CATCH_SPEC, { actions: ['a', 'b'], observation: { width: 0 } }), AgentError);
    await assert.rejects(importPyTorchPolicy('catch.safetensors' as never, CATCH_SPEC, CATCH), (e: unknown) => e instanceof StorageError && /importPyTorchPolicy: the weights must be a Uint8Array or an ArrayBuffer/.test((e as Error).message));
    await assert.rejects(importPyTorchPolicy(weights, CATCH_SPEC, { actions: ['left', 'stay', 'right'], observation: { width: 12, height: 12 }, where: 'w.safetensors' }), /w\.safetensors: the PyTorch state_dict does not match the nets of spec "ddqn_catch_pixels" \(ConvNet\) for observation \[12,12,1\]/);
  });
});

/** A Pong PPO net's state_dict with seeded weights (no Pong policy is shipped). */
async function pongWeights(): Promise<Uint8Array> {
  const { algorithmFor, policyFile } = await import('../play/play_fixtures');
  const { DEMO_CASES } = await import('./export_cases');
  const c = DEMO_CASES[1]!;
  const { algorithm } = algorithmFor(c, 5);
  try {
    return await policyToSafetensors(await policyFile(c, algorithm));
  } finally {
    algorithm.dispose();
  }
}
