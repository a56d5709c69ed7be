/**
 * PPO and A2C take V(s') from the collecting pass where a step's next observation is the next
 * step's observation (next_values.ts): the rows it reuses and the rows it leaves to the net, and,
 * through whole training rounds on cpu and wasm, advantages equal to those of a full pass of the
 * net over every next observation, value for value.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import type { AdvantageBatch } from '../../src/algorithm/actor_critic';
import { obsTensor } from '../../src/algorithm/policy_agent';
import { reuseNextValues } from '../../src/algorithm/next_values';
import { PPO } from '../../src/algorithm/ppo';
import { gae } from '../../src/algorithm/returns';
import type { StepColumns } from '../../src/memory/step_table';
import { makeBuiltinEnv } from '../../src/env/registry';
import { leakFree } from '../backend/harness';
import { agentOf, contextFor, train } from './policy_helpers';

/** A time-major rollout of `envs` envs x `steps` steps of 2-value observations; episodes end at `ends` (row indices). */
function rollout(envs: number, steps: number, ends: number[]): StepColumns {
  const n = envs * steps;
  const obsOf = (t: number, e: number, episode: number) => [t + 10 * e, 100 * episode];
  const observations = new Float32Array(2 * n);
  const nextObservations = new Float32Array(2 * n);
  const dones = new Float32Array(n);
  for (let e = 0; e < envs; e++) {
    let episode = 0;
    for (let t = 0; t < steps; t++) {
      const i = t * envs + e;
      observations.set(obsOf(t, e, episode), 2 * i);
      if (ends.includes(i)) {
        // The final observation, not the next episode's first.
        nextObservations.set([-1 - i, -1], 2 * i);
        dones[i] = 1;
        episode++;
      } else nextObservations.set(obsOf(t + 1, e, episode), 2 * i);
    }
  }
  return { observations, nextObservations, actions: new Int32Array(n), rewards: new Float32Array(n), terminated: dones, truncated: new Float32Array(n), dones };
}

describe('reuseNextValues', () => {
  test("takes V of the same env's next step, and leaves episode ends and the last step to the net", () => {
    const cols = rollout(2, 4, [3, 4]);
    const values = Float32Array.from({ length: 8 }, (_, i) => 0.5 + i);
    const { nextValues, missing } = reuseNextValues(cols, 2, 2, values);
    assert.deepEqual(missing, [3, 4, 6, 7]);
    for (const i of [0, 1, 2, 5]) assert.equal(nextValues[i], values[i + 2], `row ${i}`);
    for (const i of missing) assert.equal(nextValues[i], 0);
  });

  test('checks the observations, not the layout: a rollout stored otherwise reuses nothing wrong', () => {
    const cols = rollout(2, 4, []);
    // Read as 4 envs (the wrong width): row i + 4 is two steps on, never row i's next observation.
    const { missing } = reuseNextValues(cols, 4, 2, new Float32Array(8));
    assert.deepEqual(missing, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

/** PPO that checks each round's advantages against gae() with V of every next observation from one full pass. */
class CheckedPPO extends PPO {
  readonly rounds: { reused: number; worst: number }[] = [];

  protected override async advantageBatch(standardizeGae: boolean): Promise<AdvantageBatch> {
    const batch = await super.advantageBatch(standardizeGae);
    const { cols, numEnvs } = batch;
    const v = tf.tidy(() => this.policyNets.forward(obsTensor(cols.nextObservations, [cols.rewards.length, ...this.inputShape]), true).value!);
    const full = Float32Array.from(await v.data());
    v.dispose();
    const { advantages } = gae({ numEnvs, rewards: cols.rewards, terminated: cols.terminated, episodeEnd: cols.dones, nextValues: full }, batch.values, this.acSpec.gamma, this.acSpec.lam!);
    const worst = advantages.reduce((m, a, i) => Math.max(m, Math.abs(a - batch.advantages[i]!)), 0);
    this.rounds.push({ reused: cols.rewards.length - reuseNextValues(cols, numEnvs, this.inputSize, batch.values).missing.length, worst });
    return batch;
  }
}

const ppoSpec = (net: Record<string, unknown>) => agentOf({
  name: 'PPO',
  algorithm: { name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 16, minibatch_size: 16, training_epoch: 1, normalize_advantages: false, clip_eps_spec: { name: 'no_decay', start_val: 0.2 } },
  memory: { name: 'OnPolicyBatchReplay' },
  net: { optim_spec: { name: 'Adam', lr: 0.01 }, ...net },
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`PPO's advantages with reused next values equal a full pass [${backend}]`, () => {
    const cases = [
      { name: 'MLPNet on CartPole', env: 'CartPole-v1', net: { type: 'MLPNet', hid_layers: [16] } },
      { name: 'ConvNet on catch pixels', env: 'catch', net: { type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 0, 1]], fc_hid_layers: [16], shared: true } },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        await selectBackend({ gpu: backend });
        await leakFree(async () => {
          const env = makeBuiltinEnv(c.env);
          const ppo = new CheckedPPO(contextFor(ppoSpec(c.net), env, { numEnvs: 3, seed: 4 }));
          await train(ppo, c.env, { numEnvs: 3, frames: 3 * 16 * 6, seed: 2 });
          assert.equal(ppo.rounds.length, 6);
          for (const r of ppo.rounds) {
            assert.equal(r.worst, 0, JSON.stringify(ppo.rounds));
            // All but the last step's 3 rows and the episode ends: most rows skip the second pass.
            assert.ok(r.reused >= 48 - 3 - 16 && r.reused <= 45, JSON.stringify(ppo.rounds));
          }
          ppo.dispose();
        });
      });
    }
  });
}
