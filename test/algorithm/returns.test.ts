import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discountedReturns, gae, type Rollout } from '../../src/algorithm/returns';
import { Rng } from '../../src/util/rng';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

test('GAE matches a hand-computed three-step case with a terminal in the middle', () => {
  // One env, steps 0,1 form an episode ending by termination at t=1; step 2 starts a new one and
  // the rollout ends there, bootstrapping from V(s_3) = 0.5.
  const r: Rollout = {
    numEnvs: 1,
    rewards: Float32Array.from([1, 2, 3]),
    terminated: Float32Array.from([0, 1, 0]),
    episodeEnd: Float32Array.from([0, 1, 0]),
    nextValues: Float32Array.from([0.2, 9, 0.5]), // 9 must be ignored: terminal
  };
  const values = Float32Array.from([0.1, 0.2, 0.3]);
  const gamma = 0.9;
  const lam = 0.5;
  const d2 = 3 + 0.9 * 0.5 - 0.3; // 3.15
  const d1 = 2 - 0.2; // 1.8 (terminal, no bootstrap)
  const d0 = 1 + 0.9 * 0.2 - 0.1; // 1.08
  const a1 = d1; // recursion stops at the episode end
  const a0 = d0 + 0.9 * 0.5 * a1; // 1.89
  const { advantages, targets } = gae(r, values, gamma, lam);
  close(advantages, [a0, a1, d2]);
  close(targets, [a0 + 0.1, a1 + 0.2, d2 + 0.3]);
});

test('a truncated step bootstraps from its final observation but stops the recursion', () => {
  const r: Rollout = {
    numEnvs: 1,
    rewards: Float32Array.from([1, 1]),
    terminated: Float32Array.from([0, 0]),
    episodeEnd: Float32Array.from([1, 0]),
    nextValues: Float32Array.from([5, 0]),
  };
  const ret = discountedReturns(r, 0.5);
  close(ret, [1 + 0.5 * 5, 1]);
});

/** The plain-loop reference: each env's episodes unrolled forward, one sum per step. */
function naiveReturns(r: Rollout, gamma: number): Float32Array {
  const E = r.numEnvs;
  const T = r.rewards.length / E;
  const out = new Float32Array(r.rewards.length);
  for (let e = 0; e < E; e++) {
    for (let t = 0; t < T; t++) {
      let g = 0;
      let discount = 1;
      for (let k = t; k < T; k++) {
        const i = k * E + e;
        g += discount * r.rewards[i];
        discount *= gamma;
        if (r.terminated[i]) break;
        if (r.episodeEnd[i] || k === T - 1) {
          g += discount * r.nextValues[i];
          break;
        }
      }
      out[t * E + e] = g;
    }
  }
  return out;
}

function naiveGae(r: Rollout, values: Float32Array, gamma: number, lam: number): Float32Array {
  const E = r.numEnvs;
  const T = r.rewards.length / E;
  const out = new Float32Array(values.length);
  for (let e = 0; e < E; e++) {
    for (let t = 0; t < T; t++) {
      let a = 0;
      let w = 1;
      for (let k = t; k < T; k++) {
        const i = k * E + e;
        const delta = r.rewards[i] + gamma * (1 - r.terminated[i]) * r.nextValues[i] - values[i];
        a += w * delta;
        if (r.episodeEnd[i]) break;
        w *= gamma * lam;
      }
      out[t * E + e] = a;
    }
  }
  return out;
}

function randomRollout(rng: Rng, T: number, E: number): { r: Rollout; values: Float32Array } {
  const n = T * E;
  const r: Rollout = {
    numEnvs: E,
    rewards: new Float32Array(n),
    terminated: new Float32Array(n),
    episodeEnd: new Float32Array(n),
    nextValues: new Float32Array(n),
  };
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    r.rewards[i] = rng.normal();
    values[i] = rng.normal();
    const u = rng.uniform();
    r.terminated[i] = u < 0.1 ? 1 : 0;
    r.episodeEnd[i] = u < 0.15 ? 1 : 0;
  }
  // nextValues: V of the next step within an episode, an independent final value at an end.
  for (let t = 0; t < T; t++) {
    for (let e = 0; e < E; e++) {
      const i = t * E + e;
      r.nextValues[i] = r.episodeEnd[i] || t === T - 1 ? rng.normal() : values[i + E];
    }
  }
  return { r, values };
}

test('vectorised returns and GAE agree with a plain loop on random multi-env rollouts', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 20; trial++) {
    const T = 1 + rng.int(40);
    const E = 1 + rng.int(4);
    const { r, values } = randomRollout(rng, T, E);
    close(discountedReturns(r, 0.97), naiveReturns(r, 0.97), 1e-4);
    close(gae(r, values, 0.99, 0.95).advantages, naiveGae(r, values, 0.99, 0.95), 1e-4);
  }
});

test('lam = 1 turns GAE advantages into returns minus values', () => {
  const { r, values } = randomRollout(new Rng(5), 30, 2);
  const { advantages } = gae(r, values, 0.9, 1);
  const ret = discountedReturns(r, 0.9);
  close(advantages, ret.map((g, i) => g - values[i]), 1e-4);
});

test('mismatched lengths are rejected', () => {
  const r: Rollout = {
    numEnvs: 2,
    rewards: new Float32Array(4),
    terminated: new Float32Array(4),
    episodeEnd: new Float32Array(3),
    nextValues: new Float32Array(4),
  };
  assert.throws(() => discountedReturns(r, 0.9), /episodeEnd has length 3/);
});
