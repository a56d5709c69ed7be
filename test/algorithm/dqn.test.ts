import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlgorithmEvent, StepBatch } from '../../src/algorithm/algorithm';
import { DoubleDQN, DQN, VanillaDQN } from '../../src/algorithm/dqn';
import { actionValues, tdTargets } from '../../src/algorithm/dqn_target';
import { tf } from '../../src/backend/tf';
import type { PrioritizedReplay } from '../../src/memory/prioritized_replay';
import type { Net } from '../../src/net/net';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { selectBackend } from '../../src/backend/select_backend';
import { assertClose, noLeak } from '../train/backends';
import { argmaxRow, describeOnBackends, handBatch, mlpAgent, vectorContext } from './dqn_helpers';

const read = async (t: tf.Tensor): Promise<number[]> => {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
};
const forward = (net: Net, x: Float32Array, d: number): Promise<number[]> =>
  read(tf.tidy(() => net.forward(tf.tensor2d(x, [x.length / d, d]))[0]!));
const weights = (net: Net): Promise<number[][]> => Promise.all(net.parameters.map(async (p) => Array.from(await p.variable.data())));
const huber = (d: number): number => (Math.abs(d) <= 1 ? 0.5 * d * d : Math.abs(d) - 0.5);

/** One env step of 4-dim observations (values from `rng`), action `a`. */
function step(rng: Rng, o: { a?: number; reward?: number; terminated?: number; numEnvs?: number } = {}): StepBatch {
  const e = o.numEnvs ?? 1;
  return {
    observations: Float32Array.from({ length: 4 * e }, () => rng.normal()),
    actions: new Int32Array(e).fill(o.a ?? 0),
    rewards: new Float32Array(e).fill(o.reward ?? 1),
    nextObservations: Float32Array.from({ length: 4 * e }, () => rng.normal()),
    terminated: new Uint8Array(e).fill(o.terminated ?? 0),
    truncated: new Uint8Array(e),
  };
}

/** Moves every weight of `net` by seeded noise, so that it differs from its target net. */
function perturb(net: Net, seed: number): void {
  tf.tidy(() => net.parameters.forEach((p, i) => p.variable.assign(tf.add(p.variable, tf.randomNormal(p.variable.shape, 0, 0.5, 'float32', seed + i)))));
}

describeOnBackends('Q-learning maths', () => {
  test('Q(s, a) selects the taken action; TD targets of plain and Double DQN on a hand-computed batch', async () => {
    await noLeak(async () => {
      const q = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
      const actions = tf.tensor1d([2, 0], 'int32');
      assert.deepEqual(await read(actionValues(q, actions)), [3, 4]);
      const online = tf.tensor2d([[1, 5, 2], [0, 0, 1], [3, 2, 1]]);
      const target = tf.tensor2d([[4, 0.5, 3], [2, 1, -1], [0, 9, 1]]);
      const base = { rewards: tf.tensor1d([1, -1, 0.5]), terminated: tf.tensor1d([0, 0, 1]), gamma: 0.9 };
      // DQN: max of the target net: 4, 2, (terminal).
      assertClose(await read(tdTargets({ ...base, nextQEval: target })), [1 + 0.9 * 4, -1 + 0.9 * 2, 0.5]);
      // DoubleDQN: the online net picks 1, 2, 0; the target net values them 0.5, -1, (terminal).
      assertClose(await read(tdTargets({ ...base, nextQEval: target, nextQSelect: online })), [1 + 0.9 * 0.5, -1 - 0.9, 0.5]);
      // Masks: masked actions neither win the max nor the online argmax.
      const nextMask = tf.tensor2d([[1, 0, 1], [1, 1, 0], [0, 1, 1]]);
      assertClose(await read(tdTargets({ ...base, nextQEval: target, nextMask })), [1 + 0.9 * 4, -1 + 0.9 * 2, 0.5]);
      assertClose(await read(tdTargets({ ...base, nextQEval: target, nextQSelect: online, nextMask })), [1 + 0.9 * 3, -1 + 0.9 * 2, 0.5]);
      tf.dispose([q, actions, online, target, base.rewards, base.terminated, nextMask]);
    });
  });

  test('VanillaDQN, DQN and DoubleDQN bootstrap from the nets their definitions name', async () => {
    await noLeak(async () => {
      const d = 4;
      const n = 3;
      const batch = handBatch(16, d, n, 3);
      const vanilla = new VanillaDQN(vectorContext(mlpAgent('VanillaDQN'), { n, seed: 1 }));
      const dqn = new DQN(vectorContext(mlpAgent('DQN'), { n, seed: 1 }));
      const double = new DoubleDQN(vectorContext(mlpAgent('DoubleDQN'), { n, seed: 1 }));
      for (const a of [vanilla, dqn, double]) perturb(a.net, 11);
      const qNet = await forward(dqn.net, batch.nextObservations as Float32Array, d);
      const qTarget = await forward(dqn.targetNet, batch.nextObservations as Float32Array, d);
      const bootstrap = (i: number, v: number): number => batch.rewards[i]! + 0.9 * (1 - batch.terminated[i]!) * v;
      const expectVanilla = qNet.map((_, i) => i).slice(0, 16).map((i) => bootstrap(i, qNet[i * n + argmaxRow(qNet, i, n)]!));
      const expectDqn = expectVanilla.map((_, i) => bootstrap(i, qTarget[i * n + argmaxRow(qTarget, i, n)]!));
      const expectDouble = expectVanilla.map((_, i) => bootstrap(i, qTarget[i * n + argmaxRow(qNet, i, n)]!));
      assertClose(await vanilla.targets(batch), expectVanilla, 1e-5, 1e-4, 'vanilla');
      assertClose(await dqn.targets(batch), expectDqn, 1e-5, 1e-4, 'dqn');
      assertClose(await double.targets(batch), expectDouble, 1e-5, 1e-4, 'double');
      // The case must discriminate: somewhere the nets disagree on a' and the targets differ.
      assert.ok(expectDqn.some((v, i) => Math.abs(v - expectDouble[i]!) > 1e-3), 'Double and plain DQN targets should differ');
      for (const a of [vanilla, dqn, double]) a.dispose();
    });
  });

  test('a train step regresses Q(s, a) on the TD target with the spec loss (and PER priorities follow)', async () => {
    await noLeak(async () => {
      for (const memory of [{ name: 'Replay' }, { name: 'PrioritizedReplay', alpha: 0.6, epsilon: 1e-4 }]) {
        const agent = mlpAgent('VanillaDQN', { memory: { ...memory, batch_size: 4 } });
        const algo = new VanillaDQN(vectorContext(agent, { n: 2, seed: 2 }));
        const s = step(new Rng(5), { a: 1, reward: 0.5 });
        const q = await forward(algo.net, s.observations as Float32Array, 4);
        const qNext = await forward(algo.net, s.nextObservations as Float32Array, 4);
        const td = 0.5 + 0.9 * Math.max(qNext[0]!, qNext[1]!) - q[1]!;
        const report = await algo.update(s, 1);
        assert.ok(report);
        assert.equal(report.updates, 1);
        assert.equal(report.skipped, 0);
        // One stored transition: every row of the batch is it, so the mean loss is its own.
        assertClose([report.loss], [huber(td)], 1e-6, 1e-4, `${memory.name} loss`);
        assertClose([report.extra['explore_var']!], [1 - 0.9 / 1000]);
        const qAfter = await forward(algo.net, s.observations as Float32Array, 4);
        assert.ok(Math.abs(qAfter[1]! - q[1]!) > 1e-6, 'Q(s, a) moved');
        if (memory.name === 'PrioritizedReplay') {
          const per = algo.replay as PrioritizedReplay;
          assertClose([per.priority(0)], [Math.pow(Math.abs(td) + 1e-4, 0.6)], 1e-6, 1e-4, 'priority');
        }
        algo.dispose();
      }
    });
  });
});

test('training waits for training_start_step, then runs every training_frequency frames', async () => {
  await selectBackend({ gpu: 'cpu' });
  await noLeak(async () => {
    const agent = mlpAgent('DQN', { algorithm: { training_start_step: 10, training_frequency: 4, training_iter: 2, training_batch_iter: 3 } });
    const algo = new DQN(vectorContext(agent, { seed: 3 }));
    const rng = new Rng(1);
    const trained: number[] = [];
    for (let frame = 1; frame <= 20; frame++) {
      const report = await algo.update(step(rng, { a: frame % 2 }), frame);
      if (report) {
        trained.push(frame);
        assert.equal(report.updates, 6, 'training_iter x training_batch_iter steps');
      }
    }
    assert.deepEqual(trained, [12, 16, 20]);
    // With 3 envs frames go 3, 6, 9, ...: a round runs when a multiple of 4 lies in (previous, frame]:
    // 12 in (9, 12], 16 in (15, 18], 20 in (18, 21]; 15 holds none.
    const multi = new DQN(vectorContext(agent, { seed: 3, numEnvs: 3 }));
    const crossed: number[] = [];
    for (let frame = 3; frame <= 21; frame += 3) if (await multi.update(step(rng, { numEnvs: 3 }), frame)) crossed.push(frame);
    assert.deepEqual(crossed, [12, 18, 21]);
    algo.dispose();
    multi.dispose();
  });
});

test('DQN replaces its target net every update_frequency frames; polyak blends polyak_coef of the net', async () => {
  await selectBackend({ gpu: 'cpu' });
  await noLeak(async () => {
    const replace = new DQN(vectorContext(mlpAgent('DQN', { net: { update_type: 'replace', update_frequency: 5 } }), { seed: 4 }));
    assert.deepEqual(await weights(replace.targetNet), await weights(replace.net), 'copied at the start');
    const rng = new Rng(2);
    for (let frame = 1; frame <= 4; frame++) await replace.update(step(rng), frame);
    assert.notDeepEqual(await weights(replace.targetNet), await weights(replace.net));
    const before = await weights(replace.net);
    await replace.update(step(rng), 5); // the copy happens before frame 5's training
    assert.deepEqual(await weights(replace.targetNet), before);
    replace.dispose();

    const polyak = new DQN(vectorContext(mlpAgent('DQN', { net: { update_type: 'polyak', polyak_coef: 0.25, update_frequency: 1 } }), { seed: 4 }));
    for (let frame = 1; frame <= 3; frame++) await polyak.update(step(rng), frame);
    const net = (await weights(polyak.net)).flat();
    const target = (await weights(polyak.targetNet)).flat();
    await polyak.update(step(rng), 4);
    const expected = net.map((w, i) => 0.25 * w + 0.75 * target[i]!);
    assertClose((await weights(polyak.targetNet)).flat(), expected, 1e-6, 1e-5, 'polyak');
    polyak.dispose();
  });
});

test('a non-finite loss changes nothing and is reported as an event', async () => {
  await selectBackend({ gpu: 'cpu' });
  await noLeak(async () => {
    for (const memory of [{ name: 'Replay' }, { name: 'PrioritizedReplay', alpha: 0.6, epsilon: 1e-4 }]) {
      const events: AlgorithmEvent[] = [];
      const algo = new VanillaDQN(vectorContext(mlpAgent('VanillaDQN', { memory: { ...memory, batch_size: 4 } }), { seed: 5, events }));
      const before = await weights(algo.net);
      const report = await algo.update(step(new Rng(3), { reward: NaN }), 1);
      assert.ok(report);
      assert.equal(report.updates, 0);
      assert.equal(report.skipped, 1);
      assert.ok(Number.isNaN(report.loss));
      assert.deepEqual(await weights(algo.net), before);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type, 'non_finite_loss');
      algo.dispose();
    }
  });
});

test('acting respects masks: never a masked action, greedy or exploring', async () => {
  await selectBackend({ gpu: 'cpu' });
  await noLeak(async () => {
    const algo = new DQN(vectorContext(mlpAgent('DQN'), { n: 3, numEnvs: 4, seed: 6 }));
    const rng = new Rng(4);
    const masks = Uint8Array.from([1, 0, 0, /* */ 0, 1, 0, /* */ 0, 0, 1, /* */ 0, 1, 1]);
    for (let k = 0; k < 20; k++) {
      const obs = Float32Array.from({ length: 16 }, () => rng.normal());
      for (const explore of [true, false]) {
        const a = await algo.act(obs, { explore, actionMasks: masks });
        a.forEach((x, i) => assert.equal(masks[i * 3 + x], 1, `env ${i} took masked action ${x}`));
      }
    }
    algo.dispose();
  });
});

test('specs that cannot drive Q-learning are SpecErrors', () => {
  const agent = mlpAgent('DQN');
  assert.throws(() => new DQN({ ...vectorContext(agent), actionSpace: { type: 'continuous', shape: [1], low: -1, high: 1 } }), SpecError);
  const ppo = { ...agent, algorithm: { ...agent.algorithm, name: 'PPO' } } as unknown as typeof agent;
  assert.throws(() => new DQN(vectorContext(ppo)), SpecError);
});

test('a recurrent Q-net acts on and replays zero-padded windows of seq_len observations per env', async () => {
  await selectBackend({ gpu: 'cpu' });
  await noLeak(async () => {
    const agent = mlpAgent('DQN', {
      algorithm: { training_start_step: 1000 },
      replaceNet: { type: 'RecurrentNet', fc_hid_layers: [8], rnn_hidden_size: 8, seq_len: 3, loss_spec: { name: 'HuberLoss' } },
    });
    const algo = new DQN(vectorContext(agent, { numEnvs: 2, seed: 8 }));
    // Observation k of episode j of env e: every element 1000e + 100j + k + 1. Env 0's episodes last 3 steps, env 1's 5.
    const lengths = [3, 5];
    const value = (e: number, j: number, k: number): number => 1000 * e + 100 * j + k + 1;
    const episode = [0, 0];
    const k = [0, 0];
    const obsOf = (ks: number[]): Float32Array => Float32Array.from([0, 1].flatMap((e) => new Array<number>(4).fill(value(e, episode[e]!, ks[e]!))));
    for (let frame = 2; frame <= 40; frame += 2) {
      const observations = obsOf(k);
      const actions = await algo.act(observations, { explore: true });
      assert.equal(actions.length, 2);
      const nextObservations = obsOf(k.map((x) => x + 1));
      const terminated = Uint8Array.from([0, 1].map((e) => (k[e]! + 1 === lengths[e] ? 1 : 0)));
      await algo.update({ observations, actions, rewards: new Float32Array(2), nextObservations, terminated, truncated: new Uint8Array(2) }, frame);
      for (const e of [0, 1]) {
        k[e] = terminated[e] ? 0 : k[e]! + 1;
        if (terminated[e]) {
          episode[e] = episode[e]! + 1;
          algo.resetEnv(e); // as runLoop does after an episode ends
        }
      }
    }
    const memory = algo.replay!;
    assert.deepEqual(memory.layout.obsShape, [3, 4]);
    /** The window ending at step `last` of the episode that `v` (its last value) belongs to. */
    const windowOf = (v: number, last: number): number[] => {
      const base = v - (v % 100);
      return [2, 1, 0].flatMap((back) => new Array<number>(4).fill(last - back >= 0 ? base + last - back + 1 : 0));
    };
    let checked = 0;
    for (let s = 0; s < 20; s++) {
      const batch = memory.sample();
      for (let i = 0; i < batch.batchSize; i++) {
        const obs = Array.from(batch.observations.subarray(i * 12, (i + 1) * 12));
        const next = Array.from(batch.nextObservations.subarray(i * 12, (i + 1) * 12));
        const v = obs[11]!;
        const step = (v % 100) - 1;
        assert.deepEqual(obs, windowOf(v, step), `observation window ending at ${v}`);
        assert.deepEqual(next, windowOf(v, step + 1), `next window after ${v}`);
        checked++;
      }
    }
    assert.equal(checked, 20 * 8);
    algo.dispose();
  });
});
