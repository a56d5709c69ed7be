/**
 * JS kernels that fix or fill in tfjs-backend-wasm 4.22 for training. Each reads its inputs through
 * the backend (`readSync`) and writes its output into wasm memory (`makeOutput`), so the rest of
 * the graph stays on wasm. Registered by `registerWasmKernels()`, after the wasm backend module
 * has registered its own kernels (a later registration replaces an earlier one).
 */
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';
import { conv2dBackpropFilterWasm } from './wasm_conv_filter_kernel';
import { adamUpdateWasm } from './wasm_adam_kernel';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
}

function wasmKernel(kernelName: string, fn: (inputs: Record<string, TensorInfo>, backend: WasmBackendLike, attrs: NamedAttrMap) => TensorInfo): KernelConfig {
  const kernelFunc = (({ inputs, backend, attrs }) =>
    fn(inputs as Record<string, TensorInfo>, backend as unknown as WasmBackendLike, attrs ?? {})) as KernelFunc;
  return { kernelName, backendName: 'wasm', kernelFunc };
}

function output(backend: WasmBackendLike, shape: number[], dtype: string, values: ArrayLike<number>): TensorInfo {
  const out = backend.makeOutput(shape, dtype);
  backend.typedArrayFromHeap(out).set(values);
  return out;
}

/**
 * UnsortedSegmentSum (wasm has none; gather's gradient needs it). Rows of `x` (over the leading
 * `segmentIds.rank` axes) are summed into `numSegments` rows; ids outside [0, numSegments) are
 * dropped, as in TensorFlow.
 */
export const unsortedSegmentSumWasm = wasmKernel('UnsortedSegmentSum', (inputs, backend, attrs) => {
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments as number;
  const ids = backend.readSync(segmentIds.dataId);
  const xs = backend.readSync(x.dataId);
  const rows = ids.length;
  const inner = rows === 0 ? 0 : xs.length / rows;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue;
    const src = r * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += xs[src + j];
  }
  return output(backend, outShape, x.dtype, out);
});

/** MaxPoolGrad in JS: routes dy to the first maximum of each window (padding excluded), as cpu. */
function maxPoolGradJs(dy: TensorInfo, input: TensorInfo, attrs: NamedAttrMap, backend: WasmBackendLike): TensorInfo {
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  // Allocate first (it may grow wasm memory), then take heap views: no copies of x or dy.
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0);
  const [n, h, w, c] = input.shape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const y0 = Math.max(0, i * sh - top);
      const y1 = Math.min(h, i * sh - top + fh);
      for (let j = 0; j < ow; j++) {
        const x0 = Math.max(0, j * sw - left);
        const x1 = Math.min(w, j * sw - left + fw);
        const gBase = ((b * oh + i) * ow + j) * c;
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let y = y0; y < y1; y++) {
            let idx = ((b * h + y) * w + x0) * c + k;
            for (let xc = x0; xc < x1; xc++, idx += c) {
              const v = x[idx];
              if (v > best) {
                best = v;
                at = idx;
              }
            }
          }
          if (at >= 0) dx[at] += g[gBase + k];
        }
      }
    }
  }
  return out;
}

/**
 * MaxPoolGrad: wasm's kernel starts its running max at the smallest positive float, so it routes
 * the gradient wrongly whenever a window's maximum is <= 0 (IMPALA blocks pool before any ReLU;
 * after a ReLU, all-zero windows). Replaced by the JS kernel above, which is also faster than
 * wasm's (IMPALA's first pool, 32x84x84x16, 3/2: ~100 ms against ~210 ms, on a loaded machine).
 */
export const maxPoolGradWasm = wasmKernel('MaxPoolGrad', (inputs, backend, attrs) =>
  maxPoolGradJs(inputs.dy, inputs.input, attrs, backend),
);

/**
 * OneHot: wasm writes int32 bit patterns into float outputs and ignores on/off values for them
 * (1 becomes 1.4e-45, silently zeroing DQN gradients). Written in JS for every dtype.
 */
export const oneHotWasm = wasmKernel('OneHot', (inputs, backend, attrs) => {
  const { indices } = inputs;
  const depth = attrs.depth as number;
  const on = attrs.onValue as number;
  const off = attrs.offValue as number;
  const dtype = (attrs.dtype as string) ?? 'int32';
  const idx = backend.readSync(indices.dataId);
  const out = dtype === 'int32' ? new Int32Array(idx.length * depth) : new Float32Array(idx.length * depth);
  out.fill(off);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v >= 0 && v < depth) out[i * depth + v] = on;
  }
  return output(backend, [...indices.shape, depth], dtype, out);
});

/** wasm's own GatherV2, kept for batchDims 0, where it is right (captured before the override). */
let nativeGather: KernelFunc | undefined;

function gatherBatched(x: TensorInfo, indices: TensorInfo, axis: number, batchDims: number, backend: WasmBackendLike): TensorInfo {
  const prod = (a: number[]): number => a.reduce((p, v) => p * v, 1);
  const batch = prod(x.shape.slice(0, batchDims));
  const outer = prod(x.shape.slice(batchDims, axis));
  const dim = x.shape[axis];
  const inner = prod(x.shape.slice(axis + 1));
  const nIdx = prod(indices.shape.slice(batchDims));
  const xs = backend.readSync(x.dataId);
  const idx = backend.readSync(indices.dataId);
  const out = x.dtype === 'int32' ? new Int32Array(batch * outer * nIdx * inner) : new Float32Array(batch * outer * nIdx * inner);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < outer; u++) {
      for (let k = 0; k < nIdx; k++) {
        const v = idx[b * nIdx + k];
        if (v < 0 || v >= dim) throw new Error(`GatherV2: index ${v} is not in [0, ${dim - 1}]`);
        const src = ((b * outer + u) * dim + v) * inner;
        for (let i = 0; i < inner; i++) out[o++] = xs[src + i];
      }
    }
  }
  const shape = [...x.shape.slice(0, axis), ...indices.shape.slice(batchDims), ...x.shape.slice(axis + 1)];
  return output(backend, shape, x.dtype, out);
}

/**
 * GatherV2: wasm's kernel is wrong with batchDims = 1 on the SIMD build and writes out of bounds
 * (a wasm trap) on some shapes, e.g. gather(q [32, 6], actions [32, 1], 1, 1). batchDims > 0 runs
 * in JS; batchDims 0 keeps wasm's kernel.
 */
export const gatherV2Wasm = wasmKernel('GatherV2', (inputs, backend, attrs) => {
  const { x, indices } = inputs;
  const batchDims = (attrs.batchDims as number) ?? 0;
  if (batchDims === 0 && nativeGather !== undefined) {
    return nativeGather({ inputs, backend: backend as never, attrs }) as TensorInfo;
  }
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  return gatherBatched(x, indices, axis, batchDims, backend);
});

/**
 * Identity without a copy: the output shares the input's buffer, as wasm's own Reshape and the cpu
 * backend's Identity do (tensors are immutable). The engine clones every tensor a gradient saves,
 * so a train step runs dozens of these.
 */
export const identityWasm = wasmKernel('Identity', (inputs, backend) => {
  const { x } = inputs;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
});

/** Cast, sharing the buffer when the dtype does not change (core gradients cast float to float). */
export const castWasm = wasmKernel('Cast', (inputs, backend, attrs) => {
  const { x } = inputs;
  const dtype = attrs.dtype as string;
  if (dtype === x.dtype) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  }
  const out = backend.makeOutput(x.shape, dtype);
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x));
  return out;
});

/** Every kernel above, in registration order. */
export const WASM_KERNEL_FIXES: readonly KernelConfig[] = [
  unsortedSegmentSumWasm,
  maxPoolGradWasm,
  oneHotWasm,
  gatherV2Wasm,
  conv2dBackpropFilterWasm,
  adamUpdateWasm,
  identityWasm,
  castWasm,
];

/**
 * Registers the wasm kernel fixes, replacing wasm's own kernels of the same name. Idempotent and
 * cheap; `selectBackend` calls it before choosing wasm (call it yourself only when setting the
 * wasm backend by hand). It re-checks every time because a bundler that splits chunks may
 * evaluate tfjs-backend-wasm's registrations after this module.
 */
export function registerWasmKernels(): void {
  for (const k of WASM_KERNEL_FIXES) {
    const current = tf.getKernel(k.kernelName, 'wasm');
    if (current?.kernelFunc === k.kernelFunc) continue;
    let config = k;
    if (k === gatherV2Wasm && current !== undefined) {
      nativeGather = current.kernelFunc;
      // wasm binds its C function in setupFunc when the backend starts: keep it for the fallback.
      config = { ...k, setupFunc: current.setupFunc };
    }
    if (current !== undefined) tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}
