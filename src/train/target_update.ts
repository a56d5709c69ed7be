/**
 * Target-network updates: SLM Lab's `update_type` "replace" (net_util.copy) and "polyak"
 * (net_util.polyak_update), over matching lists of variables.
 */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';

/** update_type "replace": every `to[i]` takes the value of `from[i]`. */
export function copyWeights(from: readonly tf.Variable[], to: readonly tf.Variable[]): void {
  checkPairs('copyWeights', from, to);
  // assign shares the immutable source buffer; later assigns to either side replace, not mutate.
  from.forEach((f, i) => to[i]!.assign(f));
}

/**
 * update_type "polyak", as SLM Lab's net_util.polyak_update:
 * `to = coef * from + (1 - coef) * to`. So `coef` is the weight of the SOURCE net (SLM Lab names
 * it `old_ratio`, but multiplies the source by it): coef 1 copies, coef 0 leaves the target as is,
 * and a soft update with tau = 0.005 is coef 0.005.
 */
export function polyakUpdate(from: readonly tf.Variable[], to: readonly tf.Variable[], coef: number): void {
  checkPairs('polyakUpdate', from, to);
  if (!(coef >= 0 && coef <= 1)) throw new RangeError(`polyakUpdate: coef must be in [0, 1] (got ${coef})`);
  tf.tidy(() => {
    from.forEach((f, i) => {
      const t = to[i]!;
      t.assign(tf.add(tf.mul(f, coef), tf.mul(t, 1 - coef)));
    });
  });
}

function checkPairs(op: string, from: readonly tf.Variable[], to: readonly tf.Variable[]): void {
  if (from.length !== to.length) {
    throw new ShapeError(`${op}: ${from.length} source variables, ${to.length} target variables`);
  }
  from.forEach((f, i) => {
    const t = to[i]!;
    if (!tf.util.arraysEqual(f.shape, t.shape) || f.dtype !== t.dtype) {
      throw new ShapeError(
        `${op}: variable ${i} is ${f.dtype}[${f.shape}] in the source, ${t.dtype}[${t.shape}] in the target`,
      );
    }
  });
}
