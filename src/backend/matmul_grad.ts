/**
 * BatchMatMul gradient (tf.matMul's kernel in tfjs 4.22; there is no separate MatMul kernel).
 * On wasm it uses no transpose flags: operands are transposed explicitly, then a plain matMul runs,
 * because wasm's matMul with transpose flags is 5-7x slower (dense 3136x512 at batch 32: 33 ms
 * instead of 180-240 ms for both gradients). On cpu the flags are cheaper than explicit transposes,
 * so other backends keep them.
 * Broadcast batch dimensions are summed back to each operand's shape, which the stock gradient
 * does not do.
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';

/** Swaps the last two axes. */
function transposeLast(t: Tensor): Tensor {
  const r = t.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}

/**
 * op(a) @ op(b) with explicit transposes. XNNPACK (wasm) repacks the right operand on every call,
 * so when b is large next to a and the result, `(op(b)^T @ op(a)^T)^T` is cheaper: its right
 * operand is the small one and no large tensor is transposed (e.g. dense 3136x512 input gradient:
 * 8 ms instead of 29 ms on wasm).
 */
function plainMatMul(a: Tensor, ta: boolean, b: Tensor, tb: boolean): Tensor {
  // Only wasm pays for transpose flags; cpu (strided loops) and webgpu (shaders) take them free.
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, ta, tb);
  const outSize = a.size / a.shape[a.rank - (ta ? 2 : 1)] * b.shape[b.rank - (tb ? 2 : 1)];
  if (b.size > a.size + outSize) {
    return transposeLast(tf.matMul(tb ? b : transposeLast(b), ta ? a : transposeLast(a)));
  }
  return tf.matMul(ta ? transposeLast(a) : a, tb ? transposeLast(b) : b);
}

/** Sums the leading (batch) axes of g so that it has `shape` (undoing batch broadcasting). */
function reduceTo(g: Tensor, shape: number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((v, i) => v === shape[i])) return g;
  const lead = g.rank - 2;
  const target = [...Array(Math.max(0, lead - (shape.length - 2))).fill(1), ...shape];
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) if (target[i] === 1 && g.shape[i] !== 1) axes.push(i);
  const summed = axes.length > 0 ? tf.sum(g, axes, true) : g;
  return tf.reshape(summed, shape);
}

/** The gradient config registered for 'BatchMatMul'. */
export const batchMatMulGradConfig: GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const g = dy as Tensor;
    const [a, b] = saved;
    const ta = attrs.transposeA as boolean;
    const tb = attrs.transposeB as boolean;
    // C = op(A) op(B): dA = dC op(B)^T (transposed again when A was), likewise dB.
    const da = (): Tensor => (ta ? plainMatMul(b, tb, g, true) : plainMatMul(g, false, b, !tb));
    const db = (): Tensor => (tb ? plainMatMul(g, true, a, ta) : plainMatMul(a, !ta, g, false));
    return {
      a: () => reduceTo(da(), a.shape),
      b: () => reduceTo(db(), b.shape),
    };
  },
};
