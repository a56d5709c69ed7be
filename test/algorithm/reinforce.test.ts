import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import type { AlgorithmEvent } from '../../src/algorithm/algorithm';
import { Reinforce, centerMean } from '../../src/algorithm/reinforce';
import { makeBuiltinEnv } from '../../src/env/registry';
import { SpecError } from '../../src/util/errors';
import { leakFree } from '../backend/harness';
import { agentOf, contextFor, loadSpec, train } from './policy_helpers';

const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;

function reinforceAgent(memory = 'OnPolicyReplay', algorithm: Record<string, unknown> = {}) {
  return agentOf({
    name: 'Reinforce',
    algorithm: { name: 'Reinforce', gamma: 0.9, training_frequency: 1, ...algorithm },
    memory: { name: memory },
    net: { type: 'MLPNet', hid_layers: [8], optim_spec: { name: 'SGD', lr: 0.1 } },
  });
}

test('centerMean subtracts the mean', () => {
  assert.deepEqual(Array.from(centerMean(Float32Array.from([1, 2, 6]))), [-2, -1, 3]);
});

describe('Reinforce [cpu]', () => {
  before(async () => {
    await selectBackend({ gpu: 'cpu' });
  });
  const env = makeBuiltinEnv('CartPole-v1');

  test('is built by a Reinforce spec with an on-policy memory only', () => {
    assert.throws(() => new Reinforce(contextFor(reinforceAgent('Replay'), env)), SpecError);
    const r = new Reinforce(contextFor(reinforceAgent(), env));
    assert.deepEqual([...r.nets.keys()], ['net']);
    assert.deepEqual(r.nets.get('net')!.outDims, [2]);
    r.dispose();
  });

  test('trains once per finished episode and moves the policy towards the rewarded action', async () => {
    await leakFree(async () => {
      const r = new Reinforce(contextFor(reinforceAgent('OnPolicyReplay', { gamma: 0.5 }), env));
      const obs = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
      const probOf1 = async (): Promise<number> => {
        const logits = tf.tidy(() => tf.softmax(r.nets.get('net')!.forward(tf.tensor2d([Array.from(obs)]))[0]!));
        const p = (await logits.data())[1]!;
        logits.dispose();
        return p;
      };
      const p0 = await probOf1();
      for (let episode = 0; episode < 20; episode++) {
        for (let t = 0; t < 3; t++) {
          const actions = Int32Array.from([t % 2]);
          const report = await r.update(
            { observations: obs, actions, rewards: Float32Array.from([actions[0] === 1 ? 1 : -1]), nextObservations: obs, terminated: Uint8Array.from([t === 2 ? 1 : 0]), truncated: new Uint8Array(1) },
            episode * 3 + t + 1,
          );
          assert.equal(report !== null, t === 2, 'trains at the episode end');
          if (report) assert.equal(report.updates, 1);
        }
      }
      const p1 = await probOf1();
      assert.ok(p1 > p0 + 0.1, `p(action 1) ${p0} -> ${p1}`);
      r.dispose();
    });
  });

  test('a NaN reward leaves the weights unchanged and emits non_finite_loss', async () => {
    await leakFree(async () => {
      const events: AlgorithmEvent[] = [];
      const r = new Reinforce(contextFor(reinforceAgent(), env, { onEvent: (e) => events.push(e) }));
      const vars = r.nets.get('net')!.parameters.map((p) => p.variable);
      const before = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
      const obs = Float32Array.from([0, 0, 0, 0]);
      const report = await r.update(
        { observations: obs, actions: Int32Array.from([1]), rewards: Float32Array.from([NaN]), nextObservations: obs, terminated: Uint8Array.from([1]), truncated: new Uint8Array(1) },
        1,
      );
      assert.ok(report && report.skipped === 1 && report.updates === 0);
      assert.deepEqual(events.map((e) => e.type), ['non_finite_loss']);
      const after = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
      before.forEach((v, i) => assert.deepEqual(after[i], v));
      r.dispose();
    });
  });
});

describe('Reinforce learning [wasm]', () => {
  before(async () => {
    await selectBackend({ gpu: 'wasm' });
  });

  test('improves CartPole-v1 returns clearly within 20k frames (last 50 episodes > 2x the first 50)', async () => {
    const spec = loadSpec('reinforce_cartpole.json');
    const r = new Reinforce(contextFor(spec.agent, makeBuiltinEnv('CartPole-v1'), { numEnvs: spec.env.num_envs, seed: spec.meta.random_seed! }));
    const t0 = Date.now();
    const log = await train(r, 'CartPole-v1', { numEnvs: spec.env.num_envs, frames: spec.env.max_frame!, seed: 1 });
    const returns = log.episodes.map((e) => e.return);
    const [first, last] = [mean(returns.slice(0, 50)), mean(returns.slice(-50))];
    console.log(`Reinforce CartPole-v1: ${returns.length} episodes in ${spec.env.max_frame} frames; first 50 mean ${first.toFixed(1)}, last 50 mean ${last.toFixed(1)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.ok(returns.length >= 100, 'enough episodes to compare');
    assert.ok(last > 2 * first, `first 50 ${first}, last 50 ${last}`);
    r.dispose();
  });
});
