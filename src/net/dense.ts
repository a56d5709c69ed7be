/** nn.Linear: y = x W^T + b, with W stored [in, out] for tfjs (PyTorch [out, in]). */
import { tf } from '../backend/tf';
import { initWeightAndBias, type InitOptions } from './init';
import { disposeParams, type ApplyContext, type Layer } from './layer';
import { createParam, type NamedParam } from './param';

/** Options of a Dense layer. */
export interface DenseOptions {
  /** Set when the input is a flattened [h, w, c] conv map (see NamedParam.flattenedInput). */
  flattenedInput?: [number, number, number];
}

/** A Linear layer named like PyTorch (`${name}.weight`, `${name}.bias`). */
export class Dense implements Layer {
  readonly type = 'Linear';
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[] = [];
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    init: InitOptions,
    options: DenseOptions = {},
  ) {
    const { weight, bias } = initWeightAndBias([outFeatures, inFeatures], init);
    const w = createParam(`${name}.weight`, [outFeatures, inFeatures], [1, 0], weight, true, options.flattenedInput);
    const b = createParam(`${name}.bias`, [outFeatures], [0], bias);
    this.params = [w, b];
    this.weight = w.variable;
    this.bias = b.variable;
    this.outShape = [outFeatures];
  }

  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return tf.tidy(() => tf.add(tf.matMul(x as tf.Tensor2D, this.weight as tf.Tensor2D), this.bias));
  }

  dispose(): void {
    disposeParams(this.params);
  }
}
