/**
 * One gradient step: loss and gradients over exactly the given variables, global-norm clip,
 * optimizer update. The loss and the gradient norm are read back (one async read) before the
 * update, so a non-finite loss or gradient skips the optimizer on the host: every weight, every
 * optimizer slot and the step count keep their values, as a skipped step in PyTorch. Deciding on
 * the host is much cheaper than masking the update on the device (a scalar-condition `where` per
 * variable broadcasts with a slow Tile on wasm).
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

/** A train step's numbers. */
export interface TrainStepNumbers {
  loss: number;
  /** Global 2-norm of the gradients before clipping. */
  gradNorm: number;
  /** True when the loss or a gradient was NaN/Inf and the optimizer was not called. */
  skipped: boolean;
}

/**
 * Runs one optimizer step and resolves to its loss, gradient norm and skip flag. The update is
 * applied before the promise resolves, so await it before building the next step's loss.
 * Variables that the loss does not reach get no update, as in PyTorch. A skipped step does not
 * advance the optimizer's step count.
 */
export async function trainStep(args: TrainStepArgs): Promise<TrainStepNumbers> {
  const { params, optimizer, clipGradVal } = args;
  const { value, grads, norm } = tf.tidy(() => {
    const out = tf.variableGrads(args.loss, params as tf.Variable[]);
    const present = params.flatMap((p) => out.grads[p.name] ?? []);
    // Any NaN/Inf in a gradient makes the norm non-finite, so two scalar checks cover everything.
    return { value: out.value, grads: out.grads, norm: globalNorm(present) };
  });
  const list: (tf.Tensor | null)[] = params.map((p) => grads[p.name] ?? null);
  const present = list.filter((g): g is tf.Tensor => g !== null);
  try {
    const [lossData, normData] = await Promise.all([value.data(), norm.data()]);
    const loss = lossData[0]!;
    const gradNorm = normData[0]!;
    const skipped = !(Number.isFinite(loss) && Number.isFinite(gradNorm));
    if (!skipped) {
      tf.tidy(() => {
        let toApply = list;
        if (clipGradVal !== null) {
          const clipped = clipGradNorm(present, clipGradVal, norm).grads;
          let k = 0;
          toApply = list.map((g) => (g === null ? null : clipped[k++]!));
        }
        optimizer.step(toApply);
      });
    }
    return { loss, gradNorm, skipped };
  } finally {
    tf.dispose([value, norm, ...Object.values(grads)]);
  }
}
