/**
 * One gradient step: loss and gradients over exactly the given variables, global-norm clip,
 * optimizer update. A non-finite loss or gradient is caught on the device, without reading
 * anything back: the update is masked so every weight and optimizer slot keeps its value, and
 * the step reports it in a tensor the caller may read whenever it likes.
 */
import { tf } from '../backend/tf';
import { clipGradNorm, globalNorm } from './clip_grad';
import type { Optimizer } from './optimizers/optimizer';

/** What `trainStep` needs. */
export interface TrainStepArgs {
  /** The variables to train (their gradients go to the optimizer in this order). */
  params: readonly tf.Variable[];
  /** Builds the scalar loss from the current variables; called once, under a gradient tape. */
  loss: () => tf.Scalar;
  optimizer: Optimizer;
  /** Max global 2-norm of the gradients (SLM Lab `clip_grad_val`); null: no clipping. */
  clipGradVal: number | null;
}

/** Tensors owned by the caller (dispose them, or read them with `readTrainStep`). */
export interface TrainStepResult {
  loss: tf.Scalar;
  /** Global 2-norm of the gradients before clipping. */
  gradNorm: tf.Scalar;
  /** bool scalar: true when the loss or a gradient was NaN/Inf and nothing was changed. */
  skipped: tf.Scalar;
}

/**
 * Runs one optimizer step and returns its loss, gradient norm and skip flag as tensors (no
 * blocking read). Variables that the loss does not reach get no update, as in PyTorch.
 * The optimizer's step count advances even on a skipped step.
 */
export function trainStep(args: TrainStepArgs): TrainStepResult {
  const { params, optimizer, clipGradVal } = args;
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(args.loss, params as tf.Variable[]);
    const list: (tf.Tensor | null)[] = params.map((p) => grads[p.name] ?? null);
    const present = list.filter((g): g is tf.Tensor => g !== null);
    const norm = globalNorm(present);
    // Any NaN/Inf in a gradient makes the norm non-finite, so two scalar checks cover everything.
    const ok = tf.logicalAnd(tf.isFinite(value), tf.isFinite(norm));
    let toApply: (tf.Tensor | null)[] = list;
    if (clipGradVal !== null) {
      const clipped = clipGradNorm(present, clipGradVal, norm).grads;
      let k = 0;
      toApply = list.map((g) => (g === null ? null : clipped[k++]!));
    }
    optimizer.step(toApply, ok);
    return { loss: value, gradNorm: norm, skipped: tf.logicalNot(ok) as tf.Scalar };
  });
}

/** A train step's numbers, read back. */
export interface TrainStepNumbers {
  loss: number;
  gradNorm: number;
  skipped: boolean;
}

/** Reads a `trainStep` result asynchronously and disposes its tensors. */
export async function readTrainStep(result: TrainStepResult): Promise<TrainStepNumbers> {
  try {
    const [loss, gradNorm, skipped] = await Promise.all([
      result.loss.data(),
      result.gradNorm.data(),
      result.skipped.data(),
    ]);
    return { loss: loss[0]!, gradNorm: gradNorm[0]!, skipped: skipped[0] !== 0 };
  } finally {
    tf.dispose([result.loss, result.gradNorm, result.skipped]);
  }
}
