/**
 * Weights-only policies made from training files: for the demo agents (catch DoubleDQN ConvNet,
 * Pong PPO NatureishCNN, memory PPO GRU) a training file written as `pixelpilot train --save`
 * writes it (acting nets, target nets, optimizer slots, counters) loses its training state, keeps
 * the acting weights bit for bit, passes every check of a load, and `loadBot` acts with it as with
 * the training file. For catch and Pong the result is at most 45% of the training file's bytes;
 * the sizes (raw and gzip) of all three are printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { before, describe, test } from 'node:test';
import { actingNets, targetNets } from '../../src/algorithm/training_state';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { policyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { readPolicyArtifacts } from '../../src/store/policy_read';
import { hasTrainingState, weightsOnlyArtifacts } from '../../src/store/policy_strip';
import { Rng } from '../../src/util/rng';
import { useBackend } from '../train/backends';
import { algorithmFor, DEMO_CASES, randomObservation, type DemoCase } from './export_cases';

/** A training file of the case's agent, made as train_command.ts makes one for --save. */
async function trainingFile(c: DemoCase): Promise<Uint8Array> {
  const { algorithm, context } = algorithmFor(c, 5);
  try {
    const state = await algorithm.trainingState!();
    const artifacts = await policyArtifacts({
      spec: c.spec,
      observation: { shape: context.obsShape, dtype: context.obsDtype, frameStack: context.frameStack },
      actionSpace: context.actionSpace,
      frames: 1000,
      nets: actingNets(algorithm),
      training: { algorithm: c.spec.agent.algorithm.name, ...state, trainer: null, rng: context.rng.getState(), targetNets: targetNets(algorithm) },
    });
    return encodePolicyFile(artifacts);
  } finally {
    algorithm.dispose();
  }
}

const gz = (b: Uint8Array): number => gzipSync(b, { level: 9 }).length;

describe('weights-only policies from training files', () => {
  before(() => useBackend('cpu'));
  const cases: [string, () => Promise<Uint8Array>, DemoCase, number | null][] = [
    ['catch: the shipped demo policy (demos/catch/catch.ppol, trained by train --game)', async () => new Uint8Array(readFileSync('demos/catch/catch.ppol')), DEMO_CASES[0]!, 0.45],
    ['catch: a fresh training file', () => trainingFile(DEMO_CASES[0]!), DEMO_CASES[0]!, 0.45],
    ['Pong: a fresh training file', () => trainingFile(DEMO_CASES[1]!), DEMO_CASES[1]!, 0.45],
    ['memory: a fresh training file', () => trainingFile(DEMO_CASES[2]!), DEMO_CASES[2]!, null],
  ];
  for (const [title, make, c, limit] of cases) {
    test(title, async () => {
      const start = tf.memory().numTensors;
      const training = await make();
      const full = await readPolicyArtifacts(decodePolicyFile(training, 'training'), 'training');
      assert.ok(hasTrainingState(full.manifest), 'the input has training state');
      const stripped = encodePolicyFile(await weightsOnlyArtifacts(full));
      const lean = await readPolicyArtifacts(decodePolicyFile(stripped, 'stripped'), 'stripped');
      assert.equal(hasTrainingState(lean.manifest), false);
      assert.deepEqual(lean.manifest.weights, full.manifest.weights.filter((w) => w.kind === 'parameter' || w.kind === 'buffer'));
      for (const w of lean.manifest.weights) {
        const [a, b] = [full.weights.get(w.name)!, lean.weights.get(w.name)!];
        assert.deepEqual(new Uint32Array(b.buffer, b.byteOffset, b.length), new Uint32Array(a.buffer, a.byteOffset, a.length), w.name);
      }
      for (const k of ['spec', 'observation', 'actionSpace', 'actionNames', 'frames'] as const) assert.deepEqual(lean.manifest[k], full.manifest[k], k);
      const ratio = stripped.length / training.length;
      console.log(`# ${title}: training file ${training.length} bytes (gzip ${gz(training)}), weights only ${stripped.length} bytes (gzip ${gz(stripped)}), ${(100 * ratio).toFixed(1)}%`);
      if (limit !== null) assert.ok(ratio <= limit, `weights only is ${(100 * ratio).toFixed(1)}% of the training file`);
      const [a, b] = [await loadBot(training, { backend: 'cpu' }), await loadBot(stripped, { backend: 'cpu' })];
      try {
        const rng = new Rng(6);
        for (let t = 0; t < 50; t++) {
          const obs = randomObservation(c, rng);
          const [da, db] = [await a.decide(obs), await b.decide(obs)];
          assert.equal(db.action, da.action, `step ${t}`);
          assert.deepEqual(db.heads, da.heads);
        }
      } finally {
        a.dispose();
        b.dispose();
      }
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  }
});
