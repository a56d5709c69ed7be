/**
 * Demonstrations in memory: the table (rows, windows, next rows), n-step returns of demonstrations
 * and of the replay's own episodes against plain loops on random data, and DQfD's sampling over
 * both memories (uniform shares, prioritized shares and importance weights).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DemoReplay } from '../../src/memory/demo_replay';
import { demoReturns, demoTable, nStepReturns, type DemoEpisode, type Demonstrations } from '../../src/memory/demonstrations';
import { DqfdSampler } from '../../src/memory/dqfd_batch';
import { PrioritizedReplay } from '../../src/memory/prioritized_replay';
import { Replay } from '../../src/memory/replay';
import { ShapeError } from '../../src/memory/../util/errors';
import { Rng } from '../../src/util/rng';

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

/** Random episodes of vector observations [2] whose values name (episode, step); ends vary. */
function randomDemos(seed: number, episodes = 6): Demonstrations {
  const rng = new Rng(seed);
  const eps: DemoEpisode[] = [];
  for (let e = 0; e < episodes; e++) {
    const steps = 1 + rng.int(9);
    const end = rng.int(3); // 0 terminated, 1 truncated, 2 cut by the recording
    const observations = Float32Array.from({ length: (steps + 1) * 2 }, (_, i) => (i % 2 === 0 ? e : Math.floor(i / 2)));
    eps.push({
      player: e % 2,
      steps,
      observations,
      actions: Int32Array.from({ length: steps }, () => rng.int(3)),
      rewards: Float32Array.from({ length: steps }, () => Math.round(rng.uniform() * 8 - 4) / 2),
      terminated: Uint8Array.from({ length: steps }, (_, t) => (t === steps - 1 && end === 0 ? 1 : 0)),
      truncated: Uint8Array.from({ length: steps }, (_, t) => (t === steps - 1 && end === 1 ? 1 : 0)),
    });
  }
  return { obsShape: [2], obsDtype: 'float32', frameStack: 1, actionSpace: { type: 'discrete', n: 3 }, episodes: eps };
}

/** The n-step return of step t of episode e by its definition. */
function naiveNStep(e: DemoEpisode, t: number, n: number, gamma: number): { ret: number; discount: number; bootstrap: number } {
  let ret = 0;
  for (let k = 0; k < n; k++) {
    const j = t + k;
    ret += gamma ** k * e.rewards[j]!;
    if (e.terminated[j]) return { ret, discount: 0, bootstrap: j + 1 };
    if (j === e.steps - 1 || k === n - 1) return { ret, discount: gamma ** (k + 1), bootstrap: j + 1 };
  }
  throw new Error('unreachable');
}

test('the table indexes every step into its episode\'s rows; windows are zero-padded before an episode starts', () => {
  const d = randomDemos(1);
  const t = demoTable(d);
  let row = 0;
  let step = 0;
  for (const e of d.episodes) {
    for (let s = 0; s < e.steps; s++, step++) {
      assert.equal(t.obsRow[step], row + s);
      assert.equal(t.nextRow[step], row + s + 1);
      assert.deepEqual([...t.rows.subarray((row + s) * 2, (row + s + 1) * 2)], [...e.observations.subarray(s * 2, s * 2 + 2)]);
      assert.equal(t.episodeEnd[step], s === e.steps - 1 ? 1 : 0);
    }
    row += e.steps + 1;
  }
  const w = demoTable(d, 3);
  assert.deepEqual(w.rowShape, [3, 2]);
  // Row 1 of episode 0 is the window [zeros, o_0, o_1].
  assert.deepEqual([...w.rows.subarray(6, 12)], [0, 0, ...d.episodes[0]!.observations.subarray(0, 4)]);
});

test('n-step returns and discounted returns equal their definitions on random episodes', () => {
  for (const seed of [2, 3, 4]) {
    const d = randomDemos(seed, 8);
    const t = demoTable(d);
    for (const [n, gamma] of [[1, 0.9], [3, 0.95], [10, 0.99]] as const) {
      const got = nStepReturns(t, n, gamma);
      const mc = demoReturns(t, gamma);
      let step = 0;
      let row = 0;
      for (const e of d.episodes) {
        for (let s = 0; s < e.steps; s++, step++) {
          const want = naiveNStep(e, s, n, gamma);
          close(got.returns[step]!, want.ret, `seed ${seed} n ${n} step ${step} return`);
          close(got.discounts[step]!, want.discount, `discount`);
          assert.equal(got.rows[step], row + want.bootstrap);
          close(mc[step]!, naiveNStep(e, s, 1e9, gamma).ret, 'discounted return');
        }
        row += e.steps + 1;
      }
    }
  }
});

test('the replay\'s n-step returns follow its stored episodes and stop at the newest record', () => {
  const rng = new Rng(5);
  const replay = new Replay({ name: 'Replay', batch_size: 4, max_size: 1000 }, { obsShape: [2], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, rng, numEnvs: 1 });
  const d = randomDemos(6, 10);
  const slots: { e: number; t: number; slot: number }[] = [];
  d.episodes.forEach((e, k) => {
    for (let t = 0; t < e.steps; t++) {
      replay.add({ obs: e.observations.subarray(t * 2, t * 2 + 2), action: e.actions[t]!, reward: e.rewards[t]!, nextObs: e.observations.subarray(t * 2 + 2, t * 2 + 4), terminated: e.terminated[t] === 1, truncated: e.truncated[t] === 1 });
      slots.push({ e: k, t, slot: (replay as unknown as { store: { latest: number } }).store.latest });
    }
    if (!e.terminated[e.steps - 1] && !e.truncated[e.steps - 1]) replay.resetStream(0);
  });
  const out = new Float32Array(2);
  for (const { e, t, slot } of slots) {
    const ep = d.episodes[e]!;
    const want = naiveNStep(ep, t, 4, 0.9);
    const got = replay.nStep(slot, 4, 0.9);
    close(got.ret, want.ret, `episode ${e} step ${t} return`);
    close(got.discount, want.discount, 'discount');
    replay.writeRecordObs(got.record, out, 0);
    assert.deepEqual([...out], [...ep.observations.subarray(want.bootstrap * 2, want.bootstrap * 2 + 2)], 'bootstrap observation');
  }
  void rng;
});

test('DQfD batches: uniform over both memories; every demonstration row is its table\'s', () => {
  const demos = randomDemos(7, 10);
  const dr = new DemoReplay(demos, { gamma: 0.9, nStep: 3, prioritized: null });
  const rng = new Rng(8);
  const replay = new Replay({ name: 'Replay', batch_size: 64, max_size: 1000 }, { obsShape: [2], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, rng });
  for (let i = 0; i < 3 * dr.size; i++) replay.add({ obs: Float32Array.of(100, i), action: 1, reward: 0, nextObs: Float32Array.of(100, i + 1), terminated: false, truncated: false });
  const sampler = new DqfdSampler(dr, { batchSize: 64, obsShape: [2], obsDtype: 'float32', n: 3, masked: false, nStep: 3, gamma: 0.9, prioritized: false, useCer: false });
  let demoRows = 0;
  let rows = 0;
  for (let k = 0; k < 200; k++) {
    const b = sampler.sample(replay, rng);
    for (let i = 0; i < b.batchSize; i++, rows++) {
      if (b.isDemo[i]) {
        demoRows++;
        const s = b.demoSteps[i]!;
        assert.equal(b.actions[i], dr.table.actions[s]);
        assert.equal(b.nReturns[i], dr.nStep.returns[s]);
        assert.equal(b.observations[i * 2 + 1], dr.table.rows[dr.table.obsRow[s]! * 2 + 1]);
      } else assert.equal(b.observations[i * 2], 100);
    }
  }
  const share = demoRows / rows;
  const want = dr.size / (dr.size + replay.size);
  assert.ok(Math.abs(share - want) < 0.03, `demonstration share ${share} vs ${want}`);
  // Before the first agent step every row is a demonstration.
  assert.ok(sampler.sample(null, rng).isDemo.every((x) => x === 1));
});

test('DQfD batches, prioritized: shares follow the priority mass with the demonstrations\' bonus; weights are (p / p_min)^-beta over both', () => {
  const demos = randomDemos(9, 10);
  const alpha = 0.6;
  const dr = new DemoReplay(demos, { gamma: 0.9, nStep: 3, prioritized: { alpha, epsilon: 1e-4, bonus: 1 } });
  const rng = new Rng(10);
  const replay = new PrioritizedReplay({ name: 'PrioritizedReplay', batch_size: 32, max_size: 1000, alpha, epsilon: 1e-4 }, { obsShape: [2], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, rng });
  for (let i = 0; i < 3 * dr.size; i++) replay.add({ obs: Float32Array.of(100, i), action: 1, reward: 0, nextObs: Float32Array.of(100, i + 1), terminated: false, truncated: false });
  const sampler = new DqfdSampler(dr, { batchSize: 32, obsShape: [2], obsDtype: 'float32', n: 3, masked: false, nStep: 3, gamma: 0.9, prioritized: true, useCer: false });
  // New demonstrations start at (1 + bonus)^alpha, new agent transitions at 1.
  close(dr.priority(0), 2 ** alpha, 'initial demonstration priority');
  const b = sampler.sample(replay, rng);
  const pMin = Math.min(replay.minPriority, dr.minPriority);
  for (let i = 0; i < b.batchSize; i++) {
    const p = b.agentSlots[i]! >= 0 ? replay.priority(b.agentSlots[i]!) : dr.priority(b.demoSteps[i]!);
    close(b.weights![i]!, (p / pMin) ** -replay.beta, `weight ${i}`);
  }
  // TD errors go back to the memory each row came from, demonstrations with the bonus.
  const td = Array.from({ length: b.batchSize }, (_, i) => i / 10);
  sampler.updatePriorities(replay, b, td);
  for (let i = 0; i < b.batchSize; i++) {
    if (b.demoSteps[i]! >= 0) close(dr.priority(b.demoSteps[i]!), (i / 10 + 1e-4 + 1) ** alpha, `demo priority ${i}`);
  }
  let demoRows = 0;
  let rows = 0;
  for (let k = 0; k < 300; k++) {
    const s = sampler.sample(replay, rng);
    for (let i = 0; i < s.batchSize; i++, rows++) demoRows += s.isDemo[i]!;
  }
  const want = dr.totalPriority / (dr.totalPriority + replay.totalPriority);
  assert.ok(Math.abs(demoRows / rows - want) < 0.03, `demonstration share ${demoRows / rows} vs ${want}`);
});

test('a DemoReplay needs discrete actions and steps', () => {
  const d = randomDemos(11);
  assert.throws(() => new DemoReplay({ ...d, actionSpace: { type: 'continuous', shape: [1], low: -1, high: 1 } }, { gamma: 0.9, nStep: 3, prioritized: null }), ShapeError);
  assert.throws(() => demoTable({ ...d, episodes: [{ ...d.episodes[0]!, rewards: new Float32Array(0) }] }), ShapeError);
});
