/** The same seeded nets give the same forward outputs on the cpu and wasm backends. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { buildNet } from '../../src/net/net';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';
import { amagoCnn, maxAbsDiff, netSpec, noLeak, useBackend } from './helpers';

const CASES: { name: string; spec: ResolvedNetSpec; inShape: number[]; lead: number[] }[] = [
  {
    name: 'ConvNet (BatchNorm, padding pairs, same + dilation, stride + dilation)',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[8, [3, 5], [2, 1], [1, 2], 1], [8, 3, 1, 'same', 2], [4, 3, 2, 0, 2]], fc_hid_layers: [16], normalize: true }),
    inShape: [21, 20, 3],
    lead: [3],
  },
  { name: 'IMPALAishCNN', spec: netSpec({ type: 'IMPALAishCNN', cnn: amagoCnn('IMPALAishCNN', { cnn_block_depths: [8, 8] }), fc_hid_layers: [16] }), inShape: [20, 20, 3], lead: [2] },
  { name: 'NatureishCNN', spec: netSpec({ type: 'NatureishCNN', cnn: amagoCnn('NatureishCNN'), fc_hid_layers: [32] }), inShape: [44, 44, 2], lead: [2] },
  {
    name: 'RecurrentNet with a DrQ encoder and a 2-layer bidirectional GRU',
    spec: netSpec({ type: 'RecurrentNet', cnn: amagoCnn('DrQCNN'), fc_hid_layers: [16], rnn_hidden_size: 8, rnn_num_layers: 2, bidirectional: true }),
    inShape: [15, 15, 1],
    lead: [2, 3],
  },
];

/** Heads of a freshly built net (seed 1) on a seeded uint8-valued input, in train and eval mode. */
function outputs(c: (typeof CASES)[number]): Float32Array[] {
  const net = buildNet(c.spec, { inShape: c.inShape, outDims: [4, 1], rng: new Rng(1) });
  const rng = new Rng(2);
  const shape = [...c.lead, ...c.inShape];
  const x = tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(256)), shape, 'int32');
  const outs = [...net.forward(x), ...net.forward(x, { training: true, rng: new Rng(3) })];
  const data = outs.map((o) => o.dataSync() as Float32Array);
  tf.dispose([x, ...outs]);
  net.dispose();
  return data;
}

describe('cpu vs wasm forward', () => {
  after(() => useBackend('cpu'));

  for (const c of CASES) {
    test(c.name, async () => {
      await useBackend('cpu');
      const cpu = await (async () => {
        let r: Float32Array[] = [];
        await noLeak(() => void (r = outputs(c)));
        return r;
      })();
      await useBackend('wasm');
      let wasm: Float32Array[] = [];
      await noLeak(() => void (wasm = outputs(c)));
      cpu.forEach((o, i) => assert.ok(maxAbsDiff(o, wasm[i]!) < 1e-4, `output ${i}: ${maxAbsDiff(o, wasm[i]!)}`));
    });
  }
});
