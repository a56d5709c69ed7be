/** Input checks shared by the nets. */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';

/** Throws ShapeError unless x is [...lead, ...inShape] (lead names the leading axes). */
export function checkInput(net: string, x: tf.Tensor, inShape: readonly number[], lead: string[]): void {
  const ok = x.rank === lead.length + inShape.length && x.shape.slice(lead.length).every((d, i) => d === inShape[i]);
  if (!ok) throw new ShapeError(`${net} expects input [${[...lead, ...inShape].join(', ')}] (got [${x.shape.join(', ')}])`);
}

/** x as float32 (uint8 frames arrive as int32 tensors). */
export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}
