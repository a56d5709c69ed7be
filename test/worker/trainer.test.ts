/**
 * The Trainer facade in Node, without a worker, on cpu and wasm: init from a spec's text, act and
 * observe a few hundred steps of a fake 10x10x1 uint8 space, export/import round trip, typed
 * errors for bad inputs, and no tensor leaks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { ShapeError, SpecError, StorageError, TrainerError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import { frames, NUM_ENVS, N_ACTIONS, randomStep, tinyInit } from './fixtures';

/** Greedy actions on `batches` fixed random observation batches. */
async function greedy(trainer: Trainer, batches: number, seed: number): Promise<number[]> {
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let i = 0; i < batches; i++) out.push(...(await trainer.act(frames(rng), null, { explore: false })));
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Trainer [${backend}]`, () => {
    test('inits from spec text, acts and trains over 300 steps, exports and imports a policy', async () => {
      const tensorsBefore = tf.memory().numTensors;
      const trainer = new Trainer();
      const result = await trainer.init(tinyInit(backend, 7));
      assert.equal(result.backend, backend);
      assert.deepEqual(result.attempts, []);
      assert.equal(result.specName, 'tiny_dqn');
      assert.ok(result.params > 0);

      const rng = new Rng(11);
      let obs = frames(rng);
      let rounds = 0;
      const started = performance.now();
      for (let frame = NUM_ENVS; frame <= 300 * NUM_ENVS; frame += NUM_ENVS) {
        const actions = (await trainer.act(obs)) as Int32Array;
        assert.ok(actions instanceof Int32Array && actions.length === NUM_ENVS);
        assert.ok(actions.every((a) => a >= 0 && a < N_ACTIONS));
        const step = randomStep(rng, obs, actions);
        const report = await trainer.observe(step, frame);
        if (report !== null) {
          rounds++;
          assert.ok(Number.isFinite(report.loss));
        }
        obs = step.nextObservations as Uint8Array;
      }
      const ms = performance.now() - started;
      const stats = await trainer.stats();
      console.log(`[${backend}] 300 act+observe steps (2 envs): ${ms.toFixed(0)} ms, ${stats.trainRounds} training rounds, last loss ${stats.lastLoss}`);
      assert.equal(stats.steps, 300);
      assert.equal(stats.acts, 300);
      assert.equal(stats.frame, 600);
      assert.equal(stats.trainRounds, rounds);
      assert.ok(rounds > 100, `trained ${rounds} rounds`);

      // Export, then import into a Trainer built with another seed: same greedy actions.
      const bytes = await trainer.exportPolicy();
      assert.ok(bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength);
      const other = new Trainer();
      await other.init(tinyInit(backend, 99));
      const want = await greedy(trainer, 10, 5);
      const before = await greedy(other, 10, 5);
      await other.importPolicy(bytes);
      const after = await greedy(other, 10, 5);
      assert.deepEqual(after, want);
      console.log(`[${backend}] greedy actions differing before import: ${before.filter((a, i) => a !== want[i]).length}/${want.length}`);

      await trainer.dispose();
      await other.dispose();
      assert.equal((await trainer.stats()).backend, null);
      assert.equal(tf.memory().numTensors, tensorsBefore);
    });

    test('frees every tensor on dispose, and can be initialised again', async () => {
      const trainer = new Trainer();
      await trainer.init(tinyInit(backend));
      await trainer.dispose();
      const before = tf.memory().numTensors;
      await trainer.init(tinyInit(backend));
      const rng = new Rng(1);
      let obs = frames(rng);
      for (let frame = 2; frame <= 120; frame += 2) {
        const step = randomStep(rng, obs, (await trainer.act(obs)) as Int32Array);
        await trainer.observe(step, frame);
        obs = step.nextObservations as Uint8Array;
      }
      await trainer.exportPolicy();
      await trainer.init(tinyInit(backend, 3)); // replaces the first agent, freeing it
      await trainer.dispose();
      assert.equal(tf.memory().numTensors, before);
      assert.equal((await trainer.stats()).numTensors, before);
    });

    test('bad inputs get typed errors naming what was expected and what came', async () => {
      const trainer = new Trainer();
      await assert.rejects(trainer.act(new Uint8Array(200)), TrainerError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), spec: '{"agent": {"name": "x", "algorithm": {"name": "DQN", "gama": 0.9}}}' }), SpecError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), spec: '{ not json' }), SpecError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), obsShape: [10, 0, 1] }), ShapeError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), actionSpace: { type: 'discrete', n: 0 } }), ShapeError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), frameStack: 4 }), /frameStack 4 must divide/);
      await assert.rejects(trainer.init({ ...tinyInit(backend), backend: 'gpu' as 'cpu' }), TrainerError);
      await assert.rejects(trainer.init({ ...tinyInit(backend), actionSpace: { type: 'continuous', shape: [1], low: -1, high: 1 } }), (e: unknown) => e instanceof ShapeError || e instanceof SpecError);

      const before = tf.memory().numTensors;
      await trainer.init(tinyInit(backend));
      await assert.rejects(trainer.act(new Uint8Array(199)), (e: unknown) => e instanceof ShapeError && /199/.test(e.message) && /\[2, 10, 10, 1\]/.test(e.message) && /200/.test(e.message));
      await assert.rejects(trainer.act(new Float32Array(200)), /must be a Uint8Array/);
      await assert.rejects(trainer.act(new Uint8Array(200), new Uint8Array(5)), /masks must be a Uint8Array \[numEnvs, n\] = \[2, 3\]/);
      await assert.rejects(trainer.act(new Uint8Array(200), new Uint8Array(6)), /allows no action/);
      const masked = await trainer.act(new Uint8Array(200), Uint8Array.from([0, 0, 1, 0, 1, 0]));
      assert.deepEqual(Array.from(masked), [2, 1]);

      const rng = new Rng(2);
      const good = randomStep(rng, frames(rng), Int32Array.from([0, 1]));
      await assert.rejects(trainer.observe({ ...good, actions: Int32Array.from([0, 3]) }, 2), /outside \[0, 3\)/);
      await assert.rejects(trainer.observe({ ...good, rewards: new Float32Array(3) }, 2), /step.rewards must be a Float32Array of 2/);
      await assert.rejects(trainer.observe({ ...good, rewards: Float32Array.from([0, NaN]) }, 2), /finite/);
      await assert.rejects(trainer.observe({ ...good, nextObservations: new Uint8Array(10) }, 2), ShapeError);
      await assert.rejects(trainer.observe({ ...good, terminated: [0, 0] as unknown as Uint8Array }, 2), /terminated must be a Uint8Array/);
      await assert.rejects(trainer.observe(good, 0), /frame must be an integer >= 1/);
      await trainer.observe(good, 10);
      await assert.rejects(trainer.observe(good, 8), /before the last observed frame 10/);

      await assert.rejects(trainer.importPolicy(new Uint8Array(40)), StorageError);
      const foreign = new Trainer();
      await foreign.init({ ...tinyInit(backend), actionSpace: { type: 'discrete', n: 4 } });
      const bytes = await foreign.exportPolicy();
      await foreign.dispose();
      await assert.rejects(trainer.importPolicy(bytes), (e: unknown) => e instanceof ShapeError && /acts in/.test(e.message));
      await assert.rejects(trainer.importPolicy('x' as unknown as Uint8Array), TrainerError);

      await trainer.dispose();
      await assert.rejects(trainer.observe(good, 12), TrainerError);
      assert.equal(tf.memory().numTensors, before);
    });

    test('calls run one at a time in arrival order', async () => {
      const trainer = new Trainer();
      await trainer.init(tinyInit(backend));
      const rng = new Rng(3);
      const obs = frames(rng);
      const order: string[] = [];
      const a = trainer.act(obs).then(() => order.push('act'));
      const o = trainer.observe(randomStep(rng, obs, Int32Array.from([0, 0])), 2).then(() => order.push('observe'));
      const s = trainer.stats().then((st) => order.push(`stats:${st.steps}`));
      await Promise.all([a, o, s]);
      assert.deepEqual(order, ['act', 'observe', 'stats:1']);
      await trainer.dispose();
    });
  });
}
