import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CARTPOLE_THETA_THRESHOLD,
  CARTPOLE_X_THRESHOLD,
  cartPoleDynamics,
  cartPoleTerminated,
  cartPoleV0,
  cartPoleV1,
} from '../../src/env/cartpole';
import type { Env, Observation } from '../../src/env/env';
import { EnvError } from '../../src/util/errors';

/** Gymnasium's CartPoleEnv.step equations, written out independently for comparison. */
function gymnasiumStep(s: number[], action: number): number[] {
  const [x, xDot, theta, thetaDot] = s;
  const gravity = 9.8;
  const masscart = 1.0;
  const masspole = 0.1;
  const totalMass = masspole + masscart;
  const length = 0.5;
  const polemassLength = masspole * length;
  const force = action === 1 ? 10.0 : -10.0;
  const tau = 0.02;
  const temp = (force + polemassLength * thetaDot ** 2 * Math.sin(theta)) / totalMass;
  const thetaacc =
    (gravity * Math.sin(theta) - Math.cos(theta) * temp) / (length * (4.0 / 3.0 - (masspole * Math.cos(theta) ** 2) / totalMass));
  const xacc = temp - (polemassLength * thetaacc * Math.cos(theta)) / totalMass;
  return [x + tau * xDot, xDot + tau * xacc, theta + tau * thetaDot, thetaDot + tau * thetaacc];
}

/** A PD controller that keeps the pole up well past 500 steps. */
const balance = (o: Observation): number => (o[2] * 10 + o[3] + o[0] * 0.1 + o[1] * 0.5 > 0 ? 1 : 0);

function run(env: Env, seed: number, policy: (o: Observation) => number): { len: number; ret: number; last: { terminated: boolean; truncated: boolean }; obs: Observation[] } {
  const obs = [env.reset({ seed }).observation];
  let ret = 0;
  for (;;) {
    const r = env.step(policy(obs[obs.length - 1]));
    obs.push(r.observation);
    ret += r.reward;
    assert.equal(r.reward, 1);
    if (r.terminated || r.truncated) return { len: obs.length - 1, ret, last: r, obs };
  }
}

describe('CartPole', () => {
  test('one push from rest matches the equations worked by hand', () => {
    // force 10, sin 0, cos 1: temp = 100/11, thetaacc = -600/41, xacc = 4400/451.
    const [x, xDot, theta, thetaDot] = cartPoleDynamics([0, 0, 0, 0], 1);
    assert.equal(x, 0);
    assert.ok(Math.abs(xDot - (0.02 * 4400) / 451) < 1e-12);
    assert.equal(theta, 0);
    assert.ok(Math.abs(thetaDot - (0.02 * -600) / 41) < 1e-12);
    const left = cartPoleDynamics([0, 0, 0, 0], 0);
    assert.ok(Math.abs(left[1] + xDot) < 1e-12 && Math.abs(left[3] + thetaDot) < 1e-12);
  });

  test('a seeded episode follows Gymnasium\'s equations step by step', () => {
    const env = cartPoleV1();
    let o = env.reset({ seed: 9 }).observation;
    assert.ok(o instanceof Float32Array && o.length === 4);
    let ref = Array.from(o);
    for (let t = 0; t < 40; t++) {
      const a = balance(o);
      const r = env.step(a);
      assert.equal(r.terminated, false);
      o = r.observation;
      ref = gymnasiumStep(ref, a);
      for (let j = 0; j < 4; j++) assert.ok(Math.abs(o[j] - ref[j]) < 1e-5 * (1 + Math.abs(ref[j])), `t ${t} j ${j}: ${o[j]} vs ${ref[j]}`);
    }
  });

  test('starts uniform in [-0.05, 0.05)', () => {
    const env = cartPoleV1();
    let sum = 0;
    let max = 0;
    for (let seed = 0; seed < 500; seed++) {
      for (const v of env.reset({ seed }).observation) {
        assert.ok(v >= -0.05 && v <= 0.05);
        sum += v;
        max = Math.max(max, Math.abs(v));
      }
    }
    assert.ok(Math.abs(sum / 2000) < 0.005);
    assert.ok(max > 0.049);
  });

  test('terminates the first time |theta| > 12 degrees or |x| > 2.4, with reward 1 on every step', () => {
    const env = cartPoleV1();
    for (let seed = 0; seed < 20; seed++) {
      const { len, ret, last, obs } = run(env, seed, () => 1);
      assert.equal(ret, len);
      assert.equal(last.terminated, true);
      assert.equal(last.truncated, false);
      const out = (o: Observation): boolean => Math.abs(o[0]) > CARTPOLE_X_THRESHOLD || Math.abs(o[2]) > CARTPOLE_THETA_THRESHOLD;
      assert.ok(out(obs[obs.length - 1]));
      assert.ok(obs.slice(0, -1).every((o) => !out(o)));
    }
  });

  test('the thresholds are 2.4 and 12 degrees, exclusive', () => {
    const th = (12 * 2 * Math.PI) / 360;
    assert.equal(CARTPOLE_THETA_THRESHOLD, th);
    assert.equal(cartPoleTerminated([2.4, 0, 0, 0]), false);
    assert.equal(cartPoleTerminated([-2.4, 0, th, 0]), false);
    assert.equal(cartPoleTerminated([2.4000001, 0, 0, 0]), true);
    assert.equal(cartPoleTerminated([-2.4000001, 0, 0, 0]), true);
    assert.equal(cartPoleTerminated([0, 0, th + 1e-9, 0]), true);
    assert.equal(cartPoleTerminated([0, 0, -th - 1e-9, 0]), true);
    // The cart running off the track: x = 2.39 + 0.02 * 1.
    assert.equal(cartPoleTerminated(cartPoleDynamics([2.39, 1, 0, 0], 1)), true);
  });

  test('v1 truncates at 500 steps, v0 at 200, and max_episode_steps overrides', () => {
    for (const [env, steps] of [[cartPoleV1(), 500], [cartPoleV0(), 200], [cartPoleV1({ max_episode_steps: 37 }), 37]] as const) {
      const { len, ret, last } = run(env, 1, balance);
      assert.equal(len, steps);
      assert.equal(ret, steps);
      assert.deepEqual(last, { ...last, terminated: false, truncated: true });
      assert.throws(() => env.step(0), EnvError);
    }
  });

  test('the same seed gives the same trajectory', () => {
    const trace = (seed: number): number[] => run(cartPoleV1(), seed, balance).obs.slice(0, 50).flatMap((o) => Array.from(o));
    assert.deepEqual(trace(5), trace(5));
    assert.notDeepEqual(trace(5), trace(6));
  });

  test('spaces, bad actions and bad options', () => {
    const env = cartPoleV1();
    assert.deepEqual(env.observationSpace, { shape: [4], dtype: 'float32' });
    assert.deepEqual(env.actionSpace, { type: 'discrete', n: 2 });
    env.reset({ seed: 0 });
    assert.throws(() => env.step(2), (e: unknown) => e instanceof EnvError && /CartPole-v1/.test(e.message));
    assert.throws(() => cartPoleV0({ max_episode_steps: 0 }), EnvError);
  });
});
