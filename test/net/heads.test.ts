/** inferOutDims and head naming/activations. */
import type { ActionSpace } from '../../src/env/env';
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { inferOutDims } from '../../src/net/heads';
import { buildNet } from '../../src/net/net';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { netSpec, noLeak, useBackend } from './helpers';

describe('heads', () => {
  before(() => useBackend('cpu'));

  test('inferOutDims follows SLM Lab per algorithm and action space', () => {
    const discrete = { type: 'discrete', n: 4 } as const;
    assert.deepEqual(inferOutDims('DQN', discrete, false), { nets: [{ name: 'net', outDims: [4], roles: ['q'] }] });
    assert.deepEqual(inferOutDims('Reinforce', discrete, false).nets[0]!.outDims, [4]);
    assert.deepEqual(inferOutDims('PPO', discrete, true), { nets: [{ name: 'net', outDims: [4, 1], roles: ['logits', 'value'] }] });
    assert.deepEqual(inferOutDims('ActorCritic', discrete, false), {
      nets: [
        { name: 'net', outDims: [4], roles: ['logits'] },
        { name: 'critic_net', outDims: [1], roles: ['value'] },
      ],
    });
    assert.deepEqual(inferOutDims('PPO', { type: 'multi_discrete', nvec: [3, 2] }, true).nets[0]!.outDims, [3, 2, 1]);
    const cont: ActionSpace = { type: 'continuous', shape: [2, 3], low: -1, high: 1 };
    assert.deepEqual(inferOutDims('ActorCritic', cont, true).nets[0], { name: 'net', outDims: [6, 6, 1], roles: ['mean', 'log_std', 'value'] });
    assert.throws(() => inferOutDims('DQN', cont, false), SpecError);
    assert.throws(() => inferOutDims('A3C', discrete, false), /unknown algorithm "A3C"/);
  });

  test('per-head out_layer_activation applies to its head only; a wrong count is a SpecError', async () => {
    await noLeak(() => {
      const spec = netSpec({ type: 'MLPNet', hid_layers: [4], out_layer_activation: ['tanh', null] });
      const net = buildNet(spec, { inShape: [3], outDims: [5, 1], rng: new Rng(1) });
      const x = tf.tensor2d([[100, -200, 300]]);
      const [a, b] = net.forward(x);
      assert.ok(a!.dataSync().every((v) => Math.abs(v) <= 1));
      assert.deepEqual(net.summary().slice(-2).map((r) => [r.name, r.type]), [['model_tails.0', 'Linear+Tanh'], ['model_tails.1', 'Linear']]);
      tf.dispose([x, a!, b!]);
      net.dispose();
      assert.throws(() => buildNet(spec, { inShape: [3], outDims: [5, 1, 1], rng: new Rng(1) }), SpecError);
    });
  });
});
