/**
 * Conv2DBackpropFilter for wasm, which has none. The SDK's Conv2D gradient never calls it, but
 * tfjs' own code does: tf.fused.conv2d's gradient (taken when the activation is 'linear'),
 * tf.conv2dTranspose's gradient, and any user of the op. Same formulation as conv2d_grad.ts (a
 * stride-1 conv dilated by the forward stride over transposed tensors), run by calling wasm's own
 * Slice / Transpose / Conv2D kernels so that everything stays in wasm memory.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';
import { filterGradCrop } from './conv_geometry';
import { convGeometry } from './conv2d_grad';

interface DisposingBackend {
  disposeData(dataId: object): boolean;
}

/** The kernel config registered for 'Conv2DBackpropFilter' on wasm. */
export const conv2dBackpropFilterWasm: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as NamedAttrMap;
    if (a.dataFormat === 'NCHW') throw new Error("Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only");
    const run = (name: string, ins: Record<string, TensorInfo>, at: object): TensorInfo => {
      const k = tf.getKernel(name, 'wasm');
      if (k === undefined) throw new Error(`wasm kernel ${name} is missing`);
      return k.kernelFunc({ inputs: ins, backend, attrs: at as NamedAttrMap }) as TensorInfo;
    };
    const g = convGeometry(
      x.shape,
      a.filterShape as number[],
      a.strides as number | [number, number],
      1,
      a.pad as 'valid' | 'same' | number | number[][],
      a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    );
    const [n, h, w, cin] = g.xShape;
    const [kh, kw] = g.filterShape;
    const [sh, sw] = g.strides;
    const ch = filterGradCrop(h, kh, sh, 1, g.pads[0], g.outHeight);
    const cw = filterGradCrop(w, kw, sw, 1, g.pads[2], g.outWidth);
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo): TensorInfo => (temps.push(t), t);
    const cropped = ch.size !== h || cw.size !== w;
    const xs = cropped ? keep(run('Slice', { x }, { begin: [0, 0, 0, 0], size: [n, ch.size, cw.size, cin] })) : x;
    const xT = keep(run('Transpose', { x: xs }, { perm: [3, 1, 2, 0] }));
    const dyT = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
    const pad = [[0, 0], [ch.padBefore, ch.padAfter], [cw.padBefore, cw.padAfter], [0, 0]];
    const r = keep(run('Conv2D', { x: xT, filter: dyT }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [sh, sw] }));
    const out = run('Transpose', { x: r }, { perm: [1, 2, 0, 3] });
    for (const t of temps) (backend as unknown as DisposingBackend).disposeData(t.dataId);
    return out;
  }) as KernelFunc,
};
