import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../src/backend/select_backend';
import type { AlgorithmEvent, StepBatch } from '../../src/algorithm/algorithm';
import { ActorCritic } from '../../src/algorithm/actor_critic';
import { makeBuiltinEnv } from '../../src/env/registry';
import { SpecError } from '../../src/util/errors';
import { leakFree } from '../backend/harness';
import { agentOf, contextFor, loadSpec, train } from './policy_helpers';

const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;

function a2cAgent(algorithm: Record<string, unknown> = {}, net: Record<string, unknown> = {}) {
  return agentOf({
    name: 'A2C',
    algorithm: { name: 'ActorCritic', gamma: 0.9, lam: 0.95, training_frequency: 3, val_loss_coef: 0.5, ...algorithm },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { type: 'MLPNet', hid_layers: [8], optim_spec: { name: 'SGD', lr: 0.05 }, ...net },
  });
}

/** Steps an A2C agent through `n` hand-made CartPole-shaped steps; returns the reports. */
async function feed(a: ActorCritic, n: number, reward: (t: number) => number) {
  const reports = [];
  for (let t = 1; t <= n; t++) {
    const obs = Float32Array.from([0.05 * t, -0.1, 0.02, 0.1 * t]);
    const actions = await a.act(obs, { explore: true });
    const step: StepBatch = {
      observations: obs,
      actions,
      rewards: Float32Array.from([reward(t)]),
      nextObservations: Float32Array.from([0.05 * (t + 1), -0.1, 0.02, 0.1 * (t + 1)]),
      terminated: Uint8Array.from([t % 5 === 0 ? 1 : 0]),
      truncated: Uint8Array.from([t % 7 === 0 ? 1 : 0]),
    };
    reports.push(await a.update(step, t));
  }
  return reports;
}

describe('ActorCritic [cpu]', () => {
  before(async () => {
    await selectBackend({ gpu: 'cpu' });
  });
  const env = makeBuiltinEnv('CartPole-v1');

  test('builds separate actor and critic nets, or one shared net with a value head', () => {
    const separate = new ActorCritic(contextFor(a2cAgent(), env));
    assert.deepEqual([...separate.nets.keys()], ['net', 'critic_net']);
    assert.deepEqual(separate.nets.get('critic_net')!.outDims, [1]);
    separate.dispose();
    const shared = new ActorCritic(contextFor(a2cAgent({}, { shared: true }), env));
    assert.deepEqual([...shared.nets.keys()], ['net']);
    assert.deepEqual(shared.nets.get('net')!.outDims, [2, 1]);
    shared.dispose();
    const ppoSpec = agentOf({
      name: 'PPO',
      algorithm: { name: 'PPO', gamma: 0.9, time_horizon: 4, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2 } },
      memory: { name: 'OnPolicyBatchReplay' },
      net: { type: 'MLPNet', hid_layers: [4] },
    });
    assert.throws(() => new ActorCritic(contextFor(ppoSpec, env)), SpecError);
  });

  for (const algorithm of [{ lam: 0.95 }, { lam: null, num_step_returns: 3 }]) {
    test(`trains every training_frequency steps with finite losses (${JSON.stringify(algorithm)})`, async () => {
      await leakFree(async () => {
        const a = new ActorCritic(contextFor(a2cAgent(algorithm), env));
        const reports = await feed(a, 9, (t) => t % 3);
        assert.deepEqual(reports.map((r) => r !== null), [false, false, true, false, false, true, false, false, true]);
        for (const r of reports.filter((x) => x !== null)) {
          assert.ok(Number.isFinite(r!.loss) && r!.updates === 2 && r!.skipped === 0, JSON.stringify(r));
        }
        a.dispose();
      });
    });
  }

  test('a NaN reward leaves the weights unchanged and emits non_finite_loss', async () => {
    await leakFree(async () => {
      const events: AlgorithmEvent[] = [];
      const a = new ActorCritic(contextFor(a2cAgent({}, { shared: true }), env, { onEvent: (e) => events.push(e) }));
      const vars = a.nets.get('net')!.parameters.map((p) => p.variable);
      const snap = () => Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
      const before = await snap();
      const reports = await feed(a, 3, (t) => (t === 1 ? NaN : 1));
      assert.ok(reports[2] && reports[2].skipped === 1 && reports[2].updates === 0);
      assert.deepEqual(events.map((e) => [e.type, (e as { frame: number }).frame]), [['non_finite_loss', 3]]);
      const after = await snap();
      before.forEach((v, i) => assert.deepEqual(after[i], v));
      a.dispose();
    });
  });
});

describe('ActorCritic learning [wasm]', () => {
  before(async () => {
    await selectBackend({ gpu: 'wasm' });
  });

  test('A2C (GAE) improves CartPole-v1 returns clearly within 20k frames (last 50 episodes > 2x the first 50)', async () => {
    const spec = loadSpec('a2c_cartpole.json');
    const a = new ActorCritic(contextFor(spec.agent, makeBuiltinEnv('CartPole-v1'), { numEnvs: spec.env.num_envs, seed: spec.meta.random_seed! }));
    const t0 = Date.now();
    const log = await train(a, 'CartPole-v1', { numEnvs: spec.env.num_envs, frames: spec.env.max_frame!, seed: 1 });
    const returns = log.episodes.map((e) => e.return);
    const [first, last] = [mean(returns.slice(0, 50)), mean(returns.slice(-50))];
    console.log(`A2C CartPole-v1: ${returns.length} episodes in ${spec.env.max_frame} frames; first 50 mean ${first.toFixed(1)}, last 50 mean ${last.toFixed(1)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.ok(returns.length >= 100, 'enough episodes to compare');
    assert.ok(last > 2 * first, `first 50 ${first}, last 50 ${last}`);
    a.dispose();
  });
});
