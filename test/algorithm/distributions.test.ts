import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { Categorical, MultiCategorical, Normal, distributionFor } from '../../src/algorithm/distributions';
import { actionsFromHeads } from '../../src/algorithm/policy_actions';
import { Rng } from '../../src/util/rng';
import { assertClose, leakFree, onEachBackend, values } from '../backend/harness';

/** Plain-JS log-softmax of one row, masked entries excluded (-Infinity). */
function logSoftmax(row: number[], mask?: number[]): number[] {
  const allowed = row.map((_, j) => !mask || mask[j] === 1);
  const max = Math.max(...row.filter((_, j) => allowed[j]));
  const z = Math.log(row.reduce((s, x, j) => s + (allowed[j] ? Math.exp(x - max) : 0), 0)) + max;
  return row.map((x, j) => (allowed[j] ? x - z : -Infinity));
}

function randomRows(rng: Rng, b: number, n: number, scale = 2): number[][] {
  return Array.from({ length: b }, () => Array.from({ length: n }, () => (rng.uniform() * 2 - 1) * scale));
}

onEachBackend('distributions', () => {
  test('Categorical logProb and entropy match the plain formulas, with and without a mask', async () => {
    await leakFree(async () => {
      const rng = new Rng(1);
      const rows = randomRows(rng, 6, 5);
      const mask = rows.map((_, i) => [1, i % 2, 1, i % 3 === 0 ? 0 : 1, 1]);
      const actions = [0, 2, 4, 1, 2, 4]; // allowed under the mask
      for (const m of [undefined, mask]) {
        const logits = tf.tensor2d(rows);
        const maskT = m ? tf.tensor2d(m, undefined, 'int32') : null;
        const pd = new Categorical(logits, maskT);
        const a = tf.tensor1d(actions, 'int32');
        const lp = pd.logProb(a);
        const ent = pd.entropy();
        const wantLp = rows.map((r, i) => logSoftmax(r, m?.[i])[actions[i]!]!);
        const wantEnt = rows.map((r, i) => -logSoftmax(r, m?.[i]).reduce((s, l) => s + (l === -Infinity ? 0 : Math.exp(l) * l), 0));
        assertClose(await values(lp), wantLp, 1e-5, 'logProb');
        assertClose(await values(ent), wantEnt, 1e-5, 'entropy');
        tf.dispose([logits, a, lp, ent]);
        maskT?.dispose();
      }
    });
  });

  test('Categorical logProb has the gradient onehot - softmax on every backend', async () => {
    await leakFree(async () => {
      const rows = randomRows(new Rng(2), 4, 3);
      const actions = [2, 0, 1, 1];
      const logits = tf.tensor2d(rows);
      const a = tf.tensor1d(actions, 'int32');
      const g = tf.grad((l: tf.Tensor) => tf.sum(new Categorical(l).logProb(a)))(logits);
      const want = rows.flatMap((r, i) => logSoftmax(r).map((l, j) => (j === actions[i] ? 1 : 0) - Math.exp(l)));
      assertClose(await values(g), want, 1e-5, 'd logProb / d logits');
      tf.dispose([logits, a, g]);
    });
  });

  test('MultiCategorical sums its parts; the mask is split by sub-action', async () => {
    await leakFree(async () => {
      const rng = new Rng(3);
      const l1 = randomRows(rng, 3, 2);
      const l2 = randomRows(rng, 3, 3);
      const mask = [
        [1, 1, 0, 1, 1],
        [1, 0, 1, 1, 0],
        [1, 1, 1, 1, 1],
      ];
      const actions = [
        [0, 1],
        [0, 0],
        [1, 2],
      ];
      const t1 = tf.tensor2d(l1);
      const t2 = tf.tensor2d(l2);
      const maskT = tf.tensor2d(mask, undefined, 'int32');
      const a = tf.tensor2d(actions, undefined, 'int32');
      const pd = new MultiCategorical([t1, t2], maskT);
      const lp = pd.logProb(a);
      const ent = pd.entropy();
      const part = (r: number[], m: number[]) => logSoftmax(r, m);
      const wantLp = actions.map(([x, y], i) => part(l1[i]!, mask[i]!.slice(0, 2))[x!]! + part(l2[i]!, mask[i]!.slice(2))[y!]!);
      const h = (ls: number[]) => -ls.reduce((s, l) => s + (l === -Infinity ? 0 : Math.exp(l) * l), 0);
      const wantEnt = l1.map((r, i) => h(part(r, mask[i]!.slice(0, 2))) + h(part(l2[i]!, mask[i]!.slice(2))));
      assertClose(await values(lp), wantLp, 1e-5, 'logProb');
      assertClose(await values(ent), wantEnt, 1e-5, 'entropy');
      tf.dispose([t1, t2, maskT, a, lp, ent]);
    });
  });

  test('Normal logProb and entropy match the diagonal Gaussian formulas, gradients included', async () => {
    await leakFree(async () => {
      const rng = new Rng(4);
      const mean = randomRows(rng, 4, 2);
      const logStd = randomRows(rng, 4, 2, 1);
      logStd[0]![0] = 5; // beyond the clamp: behaves as log-std 2
      const x = randomRows(rng, 4, 2, 3);
      const m = tf.tensor2d(mean);
      const s = tf.tensor2d(logStd);
      const a = tf.tensor2d(x);
      const pd = new Normal(m, s);
      const lp = pd.logProb(a);
      const ent = pd.entropy();
      const ls = logStd.map((r) => r.map((v) => Math.min(Math.max(v, -20), 2)));
      const wantLp = x.map((r, i) =>
        r.reduce((sum, v, j) => sum - ((v - mean[i]![j]!) ** 2) / (2 * Math.exp(2 * ls[i]![j]!)) - ls[i]![j]! - 0.5 * Math.log(2 * Math.PI), 0),
      );
      const wantEnt = ls.map((r) => r.reduce((sum, v) => sum + 0.5 + 0.5 * Math.log(2 * Math.PI) + v, 0));
      assertClose(await values(lp), wantLp, 1e-5, 'logProb');
      assertClose(await values(ent), wantEnt, 1e-5, 'entropy');
      const g = tf.grad((mu: tf.Tensor) => tf.sum(new Normal(mu, s).logProb(a)))(m);
      const wantG = x.flatMap((r, i) => r.map((v, j) => (v - mean[i]![j]!) / Math.exp(2 * ls[i]![j]!)));
      assertClose(await values(g), wantG, 1e-4, 'd logProb / d mean');
      tf.dispose([m, s, a, lp, ent, g]);
    });
  });

  test('distributionFor picks the distribution of the action space', async () => {
    await leakFree(async () => {
      const logits = tf.tensor2d([[0, 0, 0]]);
      const ent = distributionFor({ type: 'discrete', n: 3 }, [logits]).entropy();
      assertClose(await values(ent), [Math.log(3)], 1e-6, 'uniform entropy');
      assert.throws(() => distributionFor({ type: 'continuous', shape: [3], low: -1, high: 1 }, [logits, logits], logits), /discrete/);
      tf.dispose([logits, ent]);
    });
  });
});

test('a masked categorical never samples a masked action, greedy or not', () => {
  const rng = new Rng(5);
  const n = 4;
  const rows = 3;
  // The masked actions carry the largest logits, so a leak would show at once.
  const logits = Float32Array.from([5, 0, 0, 5, 0, 9, 0, 0, 1, 1, 1, 1]);
  const mask = Uint8Array.from([0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0]);
  const counts = new Array(rows * n).fill(0);
  for (let k = 0; k < 2000; k++) {
    const { actions } = actionsFromHeads({ type: 'discrete', n }, [logits], rows, { explore: true, policy: 'default', exploreVar: 0, rng, mask });
    actions.forEach((a, r) => counts[r * n + a]++);
  }
  counts.forEach((c, i) => (mask[i] ? assert.ok(c > 0, `allowed ${i} never drawn`) : assert.equal(c, 0, `masked ${i} drawn ${c} times`)));
  const greedy = actionsFromHeads({ type: 'discrete', n }, [logits], rows, { explore: false, policy: 'default', exploreVar: 0, rng, mask });
  assert.deepEqual(Array.from(greedy.actions), [1, 0, 0]);
});

test('multi-discrete sampling respects each sub-action mask', () => {
  const rng = new Rng(6);
  const heads = [Float32Array.from([3, 0]), Float32Array.from([0, 4, 0])];
  const mask = Uint8Array.from([0, 1, 1, 0, 1]);
  for (let k = 0; k < 300; k++) {
    const { actions } = actionsFromHeads({ type: 'multi_discrete', nvec: [2, 3] }, heads, 1, { explore: true, policy: 'default', exploreVar: 0, rng, mask });
    assert.equal(actions[0], 1);
    assert.notEqual(actions[1], 1);
  }
});

test('continuous samples are clipped for the env but returned raw for log-probs', () => {
  const rng = new Rng(7);
  const space = { type: 'continuous' as const, shape: [2], low: -1, high: 1 };
  const mean = Float32Array.from([0.5, -3]);
  const logStd = Float32Array.from([0, 0]);
  let outside = 0;
  for (let k = 0; k < 200; k++) {
    const { actions, raw } = actionsFromHeads(space, [mean, logStd], 1, { explore: true, policy: 'default', exploreVar: 0, rng });
    assert.ok(raw);
    for (let i = 0; i < 2; i++) {
      assert.equal(actions[i], Math.min(Math.max(raw[i]!, -1), 1));
      if (raw[i]! !== actions[i]) outside++;
    }
  }
  assert.ok(outside > 150, 'the raw samples keep values outside the bounds');
  const greedy = actionsFromHeads(space, [mean, logStd], 1, { explore: false, policy: 'default', exploreVar: 0, rng });
  assert.deepEqual(Array.from(greedy.actions), [0.5, -1]);
});
