/**
 * net.policy_head_init_scale: the policy heads start at that multiple of init_fn's weights and
 * biases (the rest of the net and the value head as init_fn gives them, the parameter count and
 * the seed's stream unchanged), so that the first policy is near uniform; DQN-family nets have no
 * policy head and refuse the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import type { AlgorithmContext } from '../../src/algorithm/algorithm';
import { PolicyNets } from '../../src/algorithm/policy_nets';
import { distributionFor } from '../../src/algorithm/distributions';
import { presets } from '../../src/presets/index';
import { resolveSpec } from '../../src/spec/index';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { leakFree, onEachBackend, values } from '../backend/harness';

const ARCADE_SHAPE = [60, 80, 2];

/** The arcade preset's agent with `net` overrides, on 60x80x2 gray pixels and `actions` discrete actions. */
function arcadeContext(net: Record<string, unknown>, actions: number, seed: number): AlgorithmContext {
  const p = presets.ppoArcadePixels;
  const agent = resolveSpec({ ...p, agent: { ...p.agent, net: { ...p.agent.net, ...net } } } as never).spec.agent;
  return { agent, obsShape: ARCADE_SHAPE, obsDtype: 'uint8', actionSpace: { type: 'discrete', n: actions }, numEnvs: 1, frameStack: 2, rng: new Rng(seed) };
}

async function paramsByName(nets: PolicyNets): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [netName, net] of nets.nets) for (const p of net.parameters) out.set(`${netName}/${p.name}`, await values(p.variable));
  return out;
}

/** Mean entropy of the first policy over a batch of random frames. */
async function firstEntropy(nets: PolicyNets, n: number): Promise<number> {
  const rng = new Rng(99);
  const frames = Uint8Array.from({ length: n * ARCADE_SHAPE.reduce((a, b) => a * b, 1) }, () => (rng.uniform() < 0.1 ? 255 : 0));
  const h = tf.tidy(() => {
    const heads = nets.forward(tf.tensor(Float32Array.from(frames), [n, ...ARCADE_SHAPE]), false).policy;
    return tf.mean(distributionFor({ type: 'discrete', n: 3 }, heads, null).entropy());
  });
  const e = (await values(h))[0]!;
  h.dispose();
  return e;
}

onEachBackend('policy_head_init_scale', () => {
  test('scales the policy heads only: the trunk, the value head and the parameter count are as without it', () =>
    leakFree(async () => {
      for (const shared of [true, false]) {
        const plain = new PolicyNets(arcadeContext({ shared, policy_head_init_scale: null }, 3, 4), ARCADE_SHAPE);
        const scaled = new PolicyNets(arcadeContext({ shared, policy_head_init_scale: 0.01 }, 3, 4), ARCADE_SHAPE);
        try {
          const a = await paramsByName(plain);
          const b = await paramsByName(scaled);
          assert.deepEqual([...b.keys()], [...a.keys()], 'the same parameters');
          const policyHead = shared ? /^net\/model_tails\.0\./ : /^net\/model_tail\./;
          let scaledCount = 0;
          for (const [name, w] of a) {
            const got = b.get(name)!;
            if (policyHead.test(name)) {
              scaledCount++;
              got.forEach((x, i) => assert.ok(Math.abs(x - 0.01 * w[i]!) <= 1e-7 * Math.abs(w[i]!) + 1e-12, `${name}[${i}]: ${x} is 0.01 x ${w[i]}`));
            } else {
              assert.deepEqual(got, w, `${name} is left as init_fn made it`);
            }
          }
          assert.equal(scaledCount, 2, `shared ${shared}: the policy head's weight and bias`);
        } finally {
          plain.dispose();
          scaled.dispose();
        }
      }
    }));

  test('a continuous policy of a shared MLPNet: its mean and log-std heads are scaled, its value head is not', () =>
    leakFree(async () => {
      const v = presets.ppoVector;
      const ctx = (scale: number | null): AlgorithmContext => ({
        agent: resolveSpec({ ...v, agent: { ...v.agent, net: { ...v.agent.net, shared: true, policy_head_init_scale: scale } } } as never).spec.agent,
        obsShape: [5], obsDtype: 'float32', actionSpace: { type: 'continuous', shape: [2], low: -1, high: 1 }, numEnvs: 1, frameStack: 1, rng: new Rng(2),
      });
      const plain = new PolicyNets(ctx(null), [5]);
      const scaled = new PolicyNets(ctx(0.5), [5]);
      try {
        const a = await paramsByName(plain);
        const b = await paramsByName(scaled);
        const heads = [...a.keys()].filter((k) => /model_tails\.\d\./.test(k));
        assert.deepEqual(heads.map((k) => k.replace(/^net\/model_tails\.(\d)\..*$/, '$1')), ['0', '0', '1', '1', '2', '2'], 'mean, log-std and value heads');
        for (const [name, w] of a) {
          const factor = /model_tails\.[01]\./.test(name) ? 0.5 : 1;
          assert.deepEqual(b.get(name), w.map((x) => factor * x), `${name} x ${factor}`);
        }
      } finally {
        plain.dispose();
        scaled.dispose();
      }
    }));

  test('the first policy is near uniform with 0.01 and far from it without, for the same seed', () =>
    leakFree(async () => {
      const plain = new PolicyNets(arcadeContext({ policy_head_init_scale: null }, 3, 4), ARCADE_SHAPE);
      const scaled = new PolicyNets(arcadeContext({ policy_head_init_scale: 0.01 }, 3, 4), ARCADE_SHAPE);
      try {
        const uniform = Math.log(3);
        const hScaled = await firstEntropy(scaled, 16);
        const hPlain = await firstEntropy(plain, 16);
        assert.ok(hScaled > 0.999 * uniform, `scaled: entropy ${hScaled} of ${uniform}`);
        assert.ok(hPlain < hScaled, `unscaled: entropy ${hPlain} below the scaled ${hScaled}`);
      } finally {
        plain.dispose();
        scaled.dispose();
      }
    }));
});

test('policy_head_init_scale: a positive number; DQN-family nets have no policy head', () => {
  const p = presets.ppoArcadePixels;
  for (const bad of [0, -1, 'x']) {
    assert.throws(() => resolveSpec({ ...p, agent: { ...p.agent, net: { ...p.agent.net, policy_head_init_scale: bad } } } as never), (e: unknown) => e instanceof SpecError && /net\.policy_head_init_scale/.test(e.message));
  }
  const d = presets.dqnSmallPixels;
  assert.throws(
    () => resolveSpec({ ...d, agent: { ...d.agent, net: { ...d.agent.net, policy_head_init_scale: 0.01 } } } as never),
    (e: unknown) => e instanceof SpecError && /net\.policy_head_init_scale/.test(e.message) && /no policy head/.test(e.message),
  );
  assert.equal(resolveSpec({ ...d, agent: { ...d.agent, net: { ...d.agent.net, policy_head_init_scale: null } } } as never).spec.agent.net.policy_head_init_scale, null, 'null (the default) is no scale, for any algorithm');
});
