/**
 * The Conv2D gradient registered in place of tfjs-core's (which rejects dilation > 1 and needs a
 * Conv2DBackpropFilter kernel wasm lacks). NCHW is handled by transposing to NHWC around the
 * NHWC formulation in conv2d_grad.ts.
 *
 * Dispatch, for dilation 1 only (native kernels have no dilated gradient), measured per backend:
 * - wasm: the forward-kernel formulation for both (native input gradient 5-7x slower, no native
 *   filter gradient);
 * - cpu: native Conv2DBackpropInput (1.5-4x faster than the phase convs in JS), the forward-kernel
 *   filter gradient (native Conv2DBackpropFilter is 8-13x slower);
 * - webgpu (and any other): both native, tfjs' stock behaviour, verified against cpu in Chromium.
 */
import type { GradConfig, NamedAttrMap, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';
import { conv2dFilterGrad, conv2dInputGrad, convGeometry } from './conv2d_grad';

type ConvPad = 'valid' | 'same' | number | number[][];

/** The gradient config registered for 'Conv2D'. */
export const conv2dGradConfig: GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x0, filter] = saved as [Tensor4D, Tensor4D];
    const nchw = attrs.dataFormat === 'NCHW';
    const toNhwc = (t: Tensor4D): Tensor4D => (nchw ? tf.transpose(t, [0, 2, 3, 1]) : t);
    const x = toNhwc(x0);
    const g = toNhwc(dy as Tensor4D);
    let pad = attrs.pad as ConvPad;
    if (nchw && Array.isArray(pad)) pad = [pad[0], pad[2], pad[3], pad[1]];
    const geom = convGeometry(
      x.shape,
      filter.shape,
      attrs.strides as number | [number, number],
      attrs.dilations as number | [number, number],
      pad,
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    );
    const backend = tf.getBackend();
    const native = geom.dilations[0] === 1 && geom.dilations[1] === 1 && backend !== 'wasm';
    const [top, bottom, left, right] = geom.pads;
    const explicit: [[0, 0], [number, number], [number, number], [0, 0]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const rounding = attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
    return {
      x: () => {
        const dx = native ? tf.conv2dTranspose(g, filter, geom.xShape, geom.strides, explicit, rounding) : conv2dInputGrad(g, filter, geom);
        return nchw ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
      },
      filter: () => {
        if (!native || backend === 'cpu') return conv2dFilterGrad(x, g, geom);
        const kernelAttrs = { strides: geom.strides, pad: explicit, dataFormat: 'NHWC', dimRoundingMode: rounding, filterShape: geom.filterShape };
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g }, kernelAttrs as unknown as NamedAttrMap) as Tensor4D;
      },
    };
  },
};
