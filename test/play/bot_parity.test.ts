import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { observationTensor } from '../../src/algorithm/observation_tensor';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import type { Bot } from '../../src/play/bot';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend } from '../train/backends';
import { algorithmFor, parityCases, policyFile, randomObservation, scramble } from './play_fixtures';

/** The net's heads for one input, computed on the training side. */
async function trainingHeads(alg: ReturnType<typeof algorithmFor>['algorithm'], input: Uint8Array | Float32Array, shape: number[]): Promise<Float32Array[]> {
  const out = tf.tidy(() => alg.nets.get('net')!.forward(observationTensor(input, shape)));
  const data = (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
  tf.dispose(out);
  return data;
}

describeEachBackend('a bot acts as the algorithm acts greedily', (backend) => {
  for (const c of parityCases()) {
    test(c.title, async () => {
      const start = tf.memory().numTensors;
      const { algorithm } = algorithmFor(c);
      let bot: Bot | null = null;
      try {
        scramble(algorithm, 11);
        bot = await loadBot(await policyFile(c, algorithm), { backend });
        assert.equal(bot.backend, backend);
        const net = algorithm.nets.get('net')!;
        const seqLen = net.recurrent ? c.spec.agent.net.seq_len : 0;
        const rng = new Rng(3);
        // Episodes of different lengths: the recurrent window must be carried and reset like training's.
        for (const steps of [5, 12, 3]) {
          bot.reset();
          algorithm.resetEnv(0);
          const history: (Uint8Array | Float32Array)[] = [];
          for (let t = 0; t < steps; t++) {
            const obs = randomObservation(c, rng);
            const masked = c.actionSpace.type === 'discrete' && t % 3 === 1;
            const mask = masked ? Uint8Array.from({ length: (c.actionSpace as { n: number }).n }, (_, j) => (j === t % 2 ? 0 : 1)) : null;
            const decision = await bot.decide(obs, { actionMask: mask });
            const expected = await algorithm.act(obs, { explore: false, actionMasks: mask });
            const want = c.actionSpace.type === 'discrete' ? expected[0] : Array.from(expected);
            if (c.actionSpace.type === 'continuous') assertClose(decision.action as number[], want as number[], 1e-6, 1e-5, 'continuous action');
            else assert.deepEqual(decision.action, want, `step ${t}`);
            // The heads equal a forward pass of the training-side net on the same input.
            history.push(obs);
            let input: Uint8Array | Float32Array = obs;
            let shape = c.obsShape;
            if (seqLen > 0) {
              const size = obs.length;
              const window = new Float32Array(seqLen * size);
              history.slice(-seqLen).forEach((o, i, all) => window.set(o, (seqLen - all.length + i) * size));
              input = window;
              shape = [seqLen, ...c.obsShape];
            }
            const heads = await trainingHeads(algorithm, input, shape);
            assert.equal(decision.heads.length, heads.length);
            heads.forEach((h, i) => assertClose(decision.heads[i]!, h, 1e-6, 1e-5, `head ${i}`));
          }
        }
      } finally {
        bot?.dispose();
        algorithm.dispose();
      }
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  }
});

describeEachBackend('a bot does not leak', (backend) => {
  let bot: Bot;
  let start = 0;
  const c = parityCases()[3]!; // the recurrent one: a window per call
  before(async () => {
    start = tf.memory().numTensors;
    const { algorithm } = algorithmFor(c);
    const bytes = await policyFile(c, algorithm);
    algorithm.dispose();
    bot = await loadBot(bytes, { backend });
  });
  after(() => bot.dispose());

  test('numTensors stays flat over many act() calls and returns to the start after dispose()', async () => {
    const rng = new Rng(5);
    const loaded = tf.memory().numTensors;
    assert.ok(loaded > start, 'the bot holds its weights as tensors');
    for (let i = 0; i < 200; i++) {
      if (i % 17 === 0) bot.reset();
      await bot.act(randomObservation(c, rng));
      assert.equal(tf.memory().numTensors, loaded, `after act ${i}`);
    }
    bot.dispose();
    assert.equal(tf.memory().numTensors, start);
    assert.equal(bot.live, false);
  });
});
