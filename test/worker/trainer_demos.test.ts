/**
 * Trainer.useDemonstrations: a recorded catch demonstration file is checked (intact, same spaces,
 * same action names), handed to the algorithm and pre-trained on; training rounds then report the
 * imitation loss; on any error nothing changes; no tensor leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { catchEnv } from '../../src/env/catch';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { ShapeError, StorageError, TrainerError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import { frames, NUM_ENVS, randomStep, tinyInit } from './fixtures';

const record = (names?: string[]): Promise<Uint8Array> =>
  recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 60, seed: 4, ...(names ? { actionNames: names } : {}) });

test('Trainer.useDemonstrations checks, pre-trains and keeps the demonstrations for DQfD\'s terms', async () => {
  await selectBackend({ gpu: 'cpu' });
  const before = tf.memory().numTensors;
  const trainer = new Trainer();
  await trainer.init({ ...tinyInit('cpu', 2), actionNames: ['left', 'stay', 'right'] });
  const bytes = await record(['left', 'stay', 'right']);
  const first = await trainer.useDemonstrations(bytes, { pretrainSteps: 5 });
  const result = await trainer.useDemonstrations(bytes, { pretrainSteps: 40 });
  assert.equal(result.steps, 60);
  assert.equal(result.report!.updates, 40);
  assert.ok(result.report!.extra['demo_loss']! < first.report!.extra['demo_loss']!, 'the imitation loss falls with pre-training');
  assert.equal((await trainer.stats()).frame, 0, 'pre-training is no agent step');
  assert.ok((await trainer.stats()).events.some((e) => /demonstrations: \d+ episodes, 60 steps; pre-trained 40 steps/.test(e)));
  // Training rounds now carry DQfD's numbers.
  const rng = new Rng(3);
  let obs = frames(rng);
  let extra: Record<string, number> | null = null;
  for (let frame = NUM_ENVS; frame <= 40 * NUM_ENVS; frame += NUM_ENVS) {
    const step = randomStep(rng, obs, (await trainer.act(obs)) as Int32Array);
    extra = (await trainer.observe(step, frame))?.extra ?? extra;
    obs = step.nextObservations as Uint8Array;
  }
  assert.ok(extra && Number.isFinite(extra['demo_loss']) && extra['demo_share']! > 0);
  assert.equal((await trainer.useDemonstrations(bytes, { pretrainSteps: 0 })).report, null);
  await trainer.dispose();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});

test('demonstrations that are damaged, of other spaces or other action names are refused, and nothing changes', async () => {
  await selectBackend({ gpu: 'cpu' });
  const trainer = new Trainer();
  await trainer.init({ ...tinyInit('cpu', 2), obsShape: [10, 10, 1], actionNames: ['a', 'b', 'c'] });
  const good = await record();
  const damaged = good.slice();
  damaged[damaged.length - 30] ^= 1;
  await assert.rejects(trainer.useDemonstrations(damaged), (e) => e instanceof StorageError && /Trainer.useDemonstrations: checksum mismatch/.test(e.message));
  await assert.rejects(trainer.useDemonstrations(await record(['right', 'stay', 'left'])), (e) => e instanceof ShapeError && /name their actions \["right","stay","left"\], the agent \["a","b","c"\]/.test(e.message));
  const wide = await recordEnvDemos(catchEnv({ cols: 12 }), () => 1, { decisions: 20 });
  await assert.rejects(trainer.useDemonstrations(wide), (e) => e instanceof ShapeError && /observe \[10, 12, 1\] uint8, 1 frame stacked, the agent \[10, 10, 1\] uint8, 1 frame stacked/.test(e.message));
  await assert.rejects(trainer.useDemonstrations('nope' as never), TrainerError);
  await assert.rejects(trainer.useDemonstrations(good, { pretrainSteps: -1 }), TrainerError);
  assert.equal((await trainer.stats()).events.filter((e) => e.startsWith('demonstrations')).length, 0);
  await trainer.dispose();
});
