import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrioritizedReplay } from '../../src/memory/prioritized_replay';
import { MemoryError, ShapeError } from '../../src/util/errors';
import type { MemoryOptions, MemorySpec, Transition } from '../../src/memory/types';
import { Rng } from '../../src/util/rng';

const opts = (seed = 0): MemoryOptions => ({
  obsShape: [1],
  obsDtype: 'float32',
  actionSpace: { type: 'discrete', n: 2 },
  rng: new Rng(seed),
});

const step = (i: number): Transition => ({
  obs: Float32Array.of(i),
  action: 0,
  reward: i,
  nextObs: Float32Array.of(i + 1),
  terminated: false,
  truncated: false,
});

/** A memory holding transitions 0..n-1 (reward i) whose slots are returned in id order. */
function filled(spec: Partial<MemorySpec>, n: number, seed = 0): { mem: PrioritizedReplay; slots: number[] } {
  const mem = new PrioritizedReplay({ name: 'PrioritizedReplay', max_size: 64, batch_size: n, ...spec }, opts(seed));
  for (let i = 0; i < n; i++) mem.add(step(i));
  const slots = new Array<number>(n);
  // Find each id's slot by sampling everything (stratified draws over equal priorities hit all).
  const b = mem.sample();
  for (let j = 0; j < n; j++) slots[b.rewards[j]] = b.indices[j];
  assert.ok(slots.every((s) => s !== undefined), 'every transition sampled once at equal priority');
  return { mem, slots };
}

test('sampling frequencies match priorities^alpha (chi-square, fixed seed)', () => {
  const n = 10;
  const alpha = 0.6;
  const eps = 0.01;
  const { mem, slots } = filled({ alpha, epsilon: eps, batch_size: 10 }, n, 7);
  const td = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 0.5);
  mem.updatePriorities(slots, td);
  const p = td.map((x) => Math.pow(Math.abs(x) + eps, alpha));
  const total = p.reduce((a, b) => a + b, 0);
  const counts = new Array(n).fill(0);
  const batches = 3000;
  for (let k = 0; k < batches; k++) for (const r of mem.sample().rewards) counts[r]++;
  const draws = batches * 10;
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    const want = (draws * p[i]) / total;
    chi2 += (counts[i] - want) ** 2 / want;
  }
  // 9 degrees of freedom: P(chi2 > 27.9) = 0.001. Stratification only lowers the spread.
  assert.ok(chi2 < 27.9, `chi2 ${chi2.toFixed(2)}, counts ${counts}`);
  // And the distribution is really skewed (uniform sampling would fail this).
  assert.ok(counts[9] > 2.5 * counts[0]);
});

test('importance weights equal (N P(i))^-beta / max_j (N P(j))^-beta computed by hand', () => {
  const n = 6;
  const { mem, slots } = filled({ alpha: 0.7, epsilon: 0.05, beta_start: 0.4, beta_anneal_steps: 20 }, n, 3);
  const td = [0.1, 2, -0.5, 0, 3, -1];
  mem.updatePriorities(slots, td);
  const beta = 0.4 + 0.6 * (n / 20);
  assert.ok(Math.abs(mem.beta - beta) < 1e-12);
  const p = td.map((x) => Math.pow(Math.abs(x) + 0.05, 0.7));
  const total = p.reduce((a, b) => a + b, 0);
  const w = p.map((pi) => Math.pow((n * pi) / total, -beta));
  const wMax = Math.max(...w);
  for (let k = 0; k < 20; k++) {
    const b = mem.sample();
    assert.ok(b.weights);
    for (let j = 0; j < n; j++) {
      const id = b.rewards[j];
      assert.ok(Math.abs(b.weights[j] - w[id] / wMax) < 1e-6, `weight of ${id}: ${b.weights[j]} vs ${w[id] / wMax}`);
    }
  }
});

test('the max weight comes from live transitions only: evicted priorities leave the min tree', () => {
  const mem = new PrioritizedReplay({ name: 'PrioritizedReplay', max_size: 4, batch_size: 3, alpha: 1, epsilon: 1e-3, beta_start: 1 }, opts());
  for (let i = 0; i < 3; i++) mem.add(step(i));
  const b = mem.sample();
  // Give the oldest transition (id 0) a tiny priority, the others 1 - eps.
  const ids = Array.from(b.rewards);
  mem.updatePriorities(b.indices, ids.map((id) => (id === 0 ? 0 : 1 - 1e-3)));
  assert.ok(Math.min(...Array.from(mem.sample().weights ?? [])) < 0.01);
  // Two more steps evict ids 0 and 1; the rest have priority 1 and weight 1.
  mem.add(step(3));
  mem.add(step(4));
  const after = mem.sample();
  assert.ok(after.rewards.every((r) => r >= 2));
  assert.deepEqual(Array.from(after.weights ?? []), [1, 1, 1]);
});

test('new transitions get the largest priority set so far; beta reaches 1 and stays', () => {
  const { mem, slots } = filled({ alpha: 0.5, epsilon: 1, beta_anneal_steps: 5 }, 4);
  mem.updatePriorities(slots, [8, 0, 1, 3]);
  mem.add(step(4));
  const b = mem.sample();
  const slot = b.indices[Array.from(b.rewards).indexOf(4)];
  assert.equal(mem.priority(slot), 3);
  assert.equal(mem.beta, 1);
});

test('use_cer puts the newest transition last; stratified draws cover the segments', () => {
  const mem = new PrioritizedReplay({ name: 'PrioritizedReplay', max_size: 50, batch_size: 5, use_cer: true }, opts(2));
  for (let i = 0; i < 30; i++) {
    mem.add(step(i));
    const b = mem.sample();
    assert.equal(b.rewards[4], i);
    // Equal priorities, stratified: draws 0..3 come from increasing quarters of the buffer.
    for (let j = 1; j < 4; j++) assert.ok(b.indices[j] >= b.indices[j - 1]);
  }
});

test('same seed, same batches', () => {
  const run = (): number[] => {
    const { mem, slots } = filled({ alpha: 0.6 }, 8, 5);
    mem.updatePriorities(slots, [1, 2, 3, 4, 5, 6, 7, 8]);
    return Array.from({ length: 5 }, () => Array.from(mem.sample().indices)).flat();
  };
  assert.deepEqual(run(), run());
});

test('updatePriorities rejects mismatched lengths and non-finite errors', () => {
  const { mem, slots } = filled({}, 3);
  assert.throws(() => mem.updatePriorities(slots, [1, 2]), ShapeError);
  assert.throws(() => mem.updatePriorities(slots, [1, NaN, 2]), MemoryError);
});
