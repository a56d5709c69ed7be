/**
 * DrQv2Aug's random shift on training minibatches, on wasm: the SDK's gather (one pass over the
 * batch's data) against the form it replaced, a replicate pad then one tf.slice per image and a
 * concat (kept here as the baseline), at two batch shapes: the arcade preset's (64 x 60x80x2)
 * and DrQ's (32 x 84x84x3 with pad 4). Both give the same tensor (checked); the times are medians.
 * Run: npm run bench -- benchmarks/drqv2_aug.bench.ts [--reps N]
 */
import { loadavg } from 'node:os';
import { tf } from '../src/backend/tf';
import { selectBackend } from '../src/backend/select_backend';
import { DrQv2Aug } from '../src/net/drqv2_aug';
import { Rng } from '../src/util/rng';

const args = process.argv.slice(2);
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 20;

/** The per-image slice form (the SDK's until the seventh session), as the baseline. */
function sliceShift(x: tf.Tensor4D, p: number, rng: Rng): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const shifts = Array.from({ length: n }, () => [rng.int(2 * p + 1), rng.int(2 * p + 1)] as const);
  return tf.tidy(() => {
    const edge = (t: tf.Tensor4D, axis: 1 | 2, at: number): tf.Tensor4D => {
      const begin = [0, 0, 0, 0];
      const size = [...t.shape] as number[];
      begin[axis] = at;
      size[axis] = 1;
      const reps4 = [1, 1, 1, 1];
      reps4[axis] = p;
      return tf.tile(tf.slice(t, begin, size), reps4) as tf.Tensor4D;
    };
    const rows = tf.concat([edge(x, 1, 0), x, edge(x, 1, h - 1)], 1) as tf.Tensor4D;
    const padded = tf.concat([edge(rows, 2, 0), rows, edge(rows, 2, w - 1)], 2) as tf.Tensor4D;
    return tf.concat(shifts.map(([sx, sy], i) => tf.slice(padded, [i, sy, sx, 0], [1, h, w, c])), 0) as tf.Tensor4D;
  });
}

async function median(f: (rng: Rng) => tf.Tensor): Promise<number> {
  const rng = new Rng(1);
  const times: number[] = [];
  for (let k = 0; k < reps + 3; k++) {
    const t0 = performance.now();
    const y = f(rng);
    await y.data();
    y.dispose();
    if (k >= 3) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

await selectBackend({ gpu: 'wasm' });
console.log(`wasm, ${reps} reps, load ${loadavg()[0].toFixed(1)}`);
console.log('| batch | pad | slices (before) ms | gather ms | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const [shape, pad] of [[[64, 60, 80, 2], 2], [[32, 84, 84, 3], 4]] as const) {
  const x = tf.randomUniform([...shape], 0, 1) as tf.Tensor4D;
  const aug = new DrQv2Aug(pad);
  const a = aug.apply(x, new Rng(7));
  const b = sliceShift(x, pad, new Rng(7));
  if (tf.tidy(() => tf.equal(a, b).all().dataSync()[0]) !== 1) throw new Error('the two forms differ');
  tf.dispose([a, b]);
  const before = await median((rng) => sliceShift(x, pad, rng));
  const now = await median((rng) => aug.apply(x, rng));
  console.log(`| ${shape.join('x')} | ${pad} | ${before.toFixed(1)} | ${now.toFixed(1)} | ${(before / now).toFixed(1)}x |`);
  x.dispose();
}
