/**
 * One Adam/AdamW parameter update as a single wasm kernel. For small nets a train step is bound
 * by tfjs's per-kernel overhead (~10 us each on wasm), and the op-by-op update costs 14 kernels
 * per parameter. This loop runs the same float32 operations in the same order (Math.fround after
 * each one, and double rounding to float32 is exact for + - * / sqrt), so it returns the same
 * bits as the op chain in adam.ts that other backends run.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The kernel's name; inputs p, g, m, v (float32, one shape); outputs [p, m, v]. */
export const ADAM_UPDATE_KERNEL = 'PixelpilotAdamUpdate';

/** Attributes of ADAM_UPDATE_KERNEL: the scalars of adam.ts's update, as doubles. */
export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  eps: number;
  /** AdamW: p is first multiplied by this (1 - lr * wd); null: no decoupled decay. */
  decay: number | null;
  /** Adam: wd * p is added to the gradient; null: no L2 term. */
  l2: number | null;
  /** sqrt(1 - beta2^t). */
  bc2Sqrt: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
}

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

const f = Math.fround;

/** The kernel config registered for ADAM_UPDATE_KERNEL on wasm. */
export const adamUpdateWasm: KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', TensorInfo>;
    const a = attrs as NamedAttrMap & AdamUpdateAttrs;
    const b = backend as unknown as WasmHeapBackend;
    // Allocate first (it may grow wasm memory and detach older views), then take heap views.
    const outs = [b.makeOutput(p.shape, 'float32'), b.makeOutput(p.shape, 'float32'), b.makeOutput(p.shape, 'float32')];
    const [po, mo, vo] = outs.map((t) => b.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
    const [pi, gi, mi, vi] = [p, g, m, v].map((t) => b.typedArrayFromHeap(t)) as Float32Array[];
    adamLoop(po, mo, vo, pi!, gi!, mi!, vi!, a);
    return outs;
  }) as KernelFunc,
};

/** The update loop, a plain function over typed arrays so the JIT compiles it once. */
function adamLoop(
  po: Float32Array, mo: Float32Array, vo: Float32Array,
  pi: Float32Array, gi: Float32Array, mi: Float32Array, vi: Float32Array,
  a: AdamUpdateAttrs,
): void {
  const b1 = f(a.beta1);
  const c1 = f(1 - a.beta1);
  const b2 = f(a.beta2);
  const c2 = f(1 - a.beta2);
  const eps = f(a.eps);
  const bc2 = f(a.bc2Sqrt);
  const step = f(a.stepSize);
  const hasDecay = a.decay !== null;
  const decay = f(a.decay ?? 1);
  const hasL2 = a.l2 !== null;
  const l2 = f(a.l2 ?? 0);
  const n = pi.length;
  for (let i = 0; i < n; i++) {
    let pv = pi[i]!;
    let gv = gi[i]!;
    if (hasDecay) pv = f(pv * decay);
    if (hasL2) gv = f(gv + f(pv * l2));
    const mv = f(f(mi[i]! * b1) + f(gv * c1));
    const vv = f(f(vi[i]! * b2) + f(f(gv * gv) * c2));
    const denom = f(f(f(Math.sqrt(vv)) / bc2) + eps);
    po[i] = f(pv - f(f(mv / denom) * step));
    mo[i] = mv;
    vo[i] = vv;
  }
}
