/**
 * Nature-CNN (84x84x4 -> conv 32/8/4, 64/4/2, 64/3/1 -> dense 512 -> dense 6, Huber loss, Adam,
 * batch 32) train step and batch-1 forward, built from plain tf ops, on wasm and cpu, with the
 * SDK's gradients and with alternatives for comparison. Prints medians in ms.
 * Run: node benchmarks/run.mjs benchmarks/conv_grads.bench.ts [--reps N] [--cpu-train]
 * ("stock fused ops" is tfjs' own fastest forward path, fused conv/matMul + bias + relu; the
 * SDK changes no forward kernel, so it is the stock-tfjs baseline for the plain-op forward.)
 */
import type { GradConfig, NamedAttrMap, Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../src/backend/tf';
import { selectBackend } from '../src/backend/select_backend';
import { conv2dGradConfig } from '../src/backend/conv2d_grad_config';
import { batchMatMulGradConfig } from '../src/backend/matmul_grad';
import { conv2dFilterGrad, conv2dInputGrad, convGeometry } from '../src/backend/conv2d_grad';
import { cpus, loadavg } from 'node:os';
import { Rng } from '../src/util/rng';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 7;
const rng = new Rng(1);

function randn(shape: number[], scale: number): Float32Array {
  const a = new Float32Array(shape.reduce((p, v) => p * v, 1));
  for (let i = 0; i < a.length; i++) a[i] = rng.normal() * scale;
  return a;
}

interface Net {
  vars: Variable[];
  forward(x: Tensor4D, fused: boolean): Tensor2D;
}

function natureCnn(): Net {
  const convs: [number, number, number, number][] = [[8, 4, 4, 32], [4, 4, 32, 64], [3, 3, 64, 64]];
  const strides = [4, 2, 1];
  const cw = convs.map((s) => tf.variable(tf.tensor4d(randn(s, Math.sqrt(2 / (s[0] * s[1] * s[2]))), s)));
  const cb = convs.map((s) => tf.variable(tf.zeros([s[3]])));
  const dw = [tf.variable(tf.tensor2d(randn([3136, 512], 0.025), [3136, 512])), tf.variable(tf.tensor2d(randn([512, 6], 0.06), [512, 6]))];
  const db = [tf.variable(tf.zeros([512])), tf.variable(tf.zeros([6]))];
  return {
    vars: [...cw, ...cb, ...dw, ...db],
    forward(x, fused) {
      let h: Tensor4D = x;
      for (let i = 0; i < 3; i++) {
        h = fused
          ? tf.fused.conv2d({ x: h, filter: cw[i], strides: strides[i], pad: 'valid', bias: cb[i], activation: 'relu' })
          : (tf.relu(tf.add(tf.conv2d(h, cw[i], strides[i], 'valid'), cb[i])) as Tensor4D);
      }
      const flat = tf.reshape(h, [h.shape[0], -1]) as Tensor2D;
      if (fused) {
        const d = tf.fused.matMul({ a: flat, b: dw[0], bias: db[0], activation: 'relu' });
        return tf.fused.matMul({ a: d, b: dw[1], bias: db[1] }) as Tensor2D;
      }
      const d = tf.relu(tf.add(tf.matMul(flat, dw[0]), db[0])) as Tensor2D;
      return tf.add(tf.matMul(d, dw[1]), db[1]) as Tensor2D;
    },
  };
}

function huber(pred: Tensor, target: Tensor): Tensor {
  const a = tf.abs(tf.sub(pred, target));
  const q = tf.minimum(a, 1);
  return tf.mean(tf.add(tf.mul(0.5, tf.square(q)), tf.sub(a, q)));
}

async function median(fn: () => Promise<void> | void, n: number): Promise<number> {
  await fn(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

// Variants of the gradients, registered in turn (the SDK's are the default).
const filterIm2col: GradConfig = {
  ...conv2dGradConfig,
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, f] = saved as [Tensor4D, Tensor4D];
    const g = convGeometry(x.shape, f.shape, attrs.strides as number, attrs.dilations as number, attrs.pad as 'valid');
    return { x: () => conv2dInputGrad(dy as Tensor4D, f, g), filter: () => conv2dFilterGrad(x, dy as Tensor4D, g, 'im2col') };
  },
};
const nativeInput: GradConfig = {
  ...conv2dGradConfig,
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, f] = saved as [Tensor4D, Tensor4D];
    const s = attrs.strides as number;
    const g = convGeometry(x.shape, f.shape, s, attrs.dilations as number, attrs.pad as 'valid');
    return { x: () => tf.conv2dTranspose(dy as Tensor4D, f, x.shape, s, attrs.pad as 'valid'), filter: () => conv2dFilterGrad(x, dy as Tensor4D, g) };
  },
};
const flagMatMul: GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [a, b] = saved;
    return { a: () => tf.matMul(dy as Tensor, b, false, true), b: () => tf.matMul(a, dy as Tensor, true, false) };
  },
};

async function trainStep(net: Net, x: Tensor4D, target: Tensor2D, opt: ReturnType<typeof tf.train.adam>): Promise<void> {
  const loss = opt.minimize(() => huber(net.forward(x, false), target) as tf.Scalar, true, net.vars);
  await loss!.data();
  loss!.dispose();
}

async function runOn(backend: 'wasm' | 'cpu', train: boolean): Promise<void> {
  const sel = await selectBackend({ gpu: backend });
  const info = sel.backend === 'wasm' ? ` (simd ${sel.simd}, threads ${sel.threads})` : '';
  console.log(`\n# ${backend}${info}, ${reps} reps, medians`);
  const net = natureCnn();
  const x1 = tf.tensor4d(randn([1, 84, 84, 4], 1), [1, 84, 84, 4]);
  const x32 = tf.tensor4d(randn([32, 84, 84, 4], 1), [32, 84, 84, 4]);
  const target = tf.tensor2d(randn([32, 6], 1), [32, 6]);
  const fwd = (x: Tensor4D, fused: boolean) => async () => {
    const y = tf.tidy(() => net.forward(x, fused));
    await y.data();
    y.dispose();
  };
  console.log(`forward b1 plain ops        ${(await median(fwd(x1, false), reps * 3)).toFixed(2)} ms`);
  console.log(`forward b1 stock fused ops  ${(await median(fwd(x1, true), reps * 3)).toFixed(2)} ms`);
  if (backend === 'wasm') console.log(`forward b32 plain ops       ${(await median(fwd(x32, false), reps)).toFixed(2)} ms`);
  if (train) {
    const opt = tf.train.adam(1e-4);
    const variants: [string, GradConfig[]][] = [
      ['SDK gradients', [conv2dGradConfig, batchMatMulGradConfig]],
      ['filter grad im2col', [filterIm2col, batchMatMulGradConfig]],
      ['input grad native', [nativeInput, batchMatMulGradConfig]],
      ['matMul grad flags', [conv2dGradConfig, flagMatMul]],
    ];
    const use = backend === 'cpu' ? variants.slice(0, 1) : variants;
    const times = use.map(() => [] as number[]);
    // Round-robin, so that the load of a shared machine weighs on every variant alike.
    for (let r = 0; r <= (backend === 'cpu' ? 1 : reps); r++) {
      for (let v = 0; v < use.length; v++) {
        for (const c of use[v][1]) tf.registerGradient(c);
        const t0 = performance.now();
        await trainStep(net, x32, target, opt);
        if (r > 0) times[v].push(performance.now() - t0); // round 0 warms up
      }
    }
    use.forEach(([name], v) => {
      const t = times[v].sort((a, b) => a - b);
      console.log(`train step b32 ${name.padEnd(20)} ${t[Math.floor(t.length / 2)].toFixed(1)} ms`);
    });
    tf.registerGradient(conv2dGradConfig);
    tf.registerGradient(batchMatMulGradConfig);
    opt.dispose();
  }
  tf.dispose([...net.vars, x1, x32, target]);
}

const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`load average before: ${load()} (${cpus().length} cores; medians move with it)`);
await runOn('wasm', true);
await runOn('cpu', args.includes('--cpu-train'));
console.log(`load average after: ${load()}`);
