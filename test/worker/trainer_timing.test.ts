/**
 * The Trainer's timing (worker-side ms spent acting, storing steps and training): zero before any
 * call, each kind counted by its own calls, reset by init, and differences between two readings.
 * No speed is asserted, only that time spent is counted where it was spent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import { trainerTimingSince, zeroTrainerTiming } from '../../src/worker/trainer_timing';
import { frames, NUM_ENVS, randomStep, tinyInit } from './fixtures';

test('Trainer.timing counts acting, storing and training rounds apart, from zero at init', async () => {
  const tensorsBefore = tf.memory().numTensors;
  const trainer = new Trainer();
  await trainer.init(tinyInit('cpu', 5));
  assert.deepEqual(await trainer.timing(), zeroTrainerTiming(), 'nothing counted before any call');

  const rng = new Rng(2);
  let obs = frames(rng);
  const actions = (await trainer.act(obs)) as Int32Array;
  const afterAct = await trainer.timing();
  assert.equal(afterAct.acts, 1);
  assert.ok(afterAct.actMs > 0, `acting took ${afterAct.actMs} ms`);
  assert.deepEqual([afterAct.stores, afterAct.storeMs, afterAct.trainRounds, afterAct.trainMs], [0, 0, 0, 0], 'acting is not storing or training');

  // The tiny spec trains from frame 32, every 4 frames: 2 envs, so steps 1..15 only store.
  let step = randomStep(rng, obs, actions);
  await trainer.observe(step, NUM_ENVS);
  const afterStore = await trainer.timing();
  assert.equal(afterStore.stores, 1);
  assert.ok(afterStore.storeMs > 0);
  assert.deepEqual([afterStore.trainRounds, afterStore.trainMs, afterStore.acts, afterStore.actMs], [0, 0, 1, afterAct.actMs], 'storing leaves acting alone');

  let rounds = 0;
  for (let frame = 2 * NUM_ENVS; frame <= 40 * NUM_ENVS; frame += NUM_ENVS) {
    obs = step.nextObservations as Uint8Array;
    step = randomStep(rng, obs, (await trainer.act(obs)) as Int32Array);
    if ((await trainer.observe(step, frame)) !== null) rounds++;
  }
  const end = await trainer.timing();
  assert.ok(rounds > 0, 'the loop trained');
  assert.equal(end.trainRounds, rounds, 'one training round per observe that trained');
  assert.equal(end.stores + end.trainRounds, 40, 'every observe is either storing or a training round');
  assert.equal(end.acts, 40);
  assert.ok(end.trainMs > 0 && end.actMs > afterAct.actMs && end.storeMs >= afterStore.storeMs);

  const since = trainerTimingSince(end, afterStore);
  assert.deepEqual([since.acts, since.stores + since.trainRounds, since.trainRounds], [39, 39, rounds]);
  assert.ok(Math.abs(since.actMs - (end.actMs - afterStore.actMs)) < 1e-9);

  await trainer.init(tinyInit('cpu', 5));
  assert.deepEqual(await trainer.timing(), zeroTrainerTiming(), 'a new init starts from zero');
  await trainer.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor leaked');
});
