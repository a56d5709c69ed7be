/** The optimizer registry and the factory that builds one from a resolved `optim_spec`. */
import type { tf } from '../../backend/tf';
import type { OptimName, OptimSpec } from '../../spec/types';
import { SpecError, type SpecProblem } from '../../util/errors';
import { Adam } from './adam';
import { AdamW } from './adamw';
import type { Optimizer } from './optimizer';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

/** Builds one optimizer kind from a resolved spec (only the keys that kind uses are read). */
export type OptimizerFactory = (spec: OptimSpec, params: readonly tf.Variable[]) => Optimizer;

/** Every optimizer by its PyTorch name. */
export const OPTIMIZERS: Readonly<Record<OptimName, OptimizerFactory>> = {
  Adam: (s, params) =>
    new Adam(params, { lr: s.lr, betas: s.betas, eps: s.eps, weight_decay: s.weight_decay, amsgrad: s.amsgrad }),
  AdamW: (s, params) =>
    new AdamW(params, { lr: s.lr, betas: s.betas, eps: s.eps, weight_decay: s.weight_decay, amsgrad: s.amsgrad }),
  RMSprop: (s, params) =>
    new RMSprop(params, {
      lr: s.lr,
      alpha: s.alpha,
      eps: s.eps,
      weight_decay: s.weight_decay,
      momentum: s.momentum,
      centered: s.centered,
    }),
  SGD: (s, params) =>
    new SGD(params, {
      lr: s.lr,
      momentum: s.momentum,
      dampening: s.dampening,
      weight_decay: s.weight_decay,
      nesterov: s.nesterov,
    }),
};

/**
 * The optimizer `spec.name` names, over `params` (in the order gradients will be given).
 * Throws SpecError (paths under `optim_spec`) for values PyTorch would also reject.
 */
export function createOptimizer(spec: OptimSpec, params: readonly tf.Variable[]): Optimizer {
  const problems = checkOptimSpec(spec);
  if (problems.length > 0) throw new SpecError(problems);
  const factory = OPTIMIZERS[spec.name];
  if (factory === undefined) {
    throw new SpecError([
      { path: 'optim_spec.name', message: `unknown optimizer "${spec.name}" (one of ${Object.keys(OPTIMIZERS).join(', ')})` },
    ]);
  }
  return factory(spec, params);
}

/** The checks torch.optim constructors make, as spec problems. */
function checkOptimSpec(s: OptimSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  const need = (ok: boolean, key: string, what: string, got: unknown): void => {
    if (!ok) out.push({ path: `optim_spec.${key}`, message: `${what} (got ${JSON.stringify(got)})` });
  };
  const nonNeg = (x: number): boolean => Number.isFinite(x) && x >= 0;
  need(nonNeg(s.lr), 'lr', 'must be a finite number >= 0', s.lr);
  need(nonNeg(s.weight_decay), 'weight_decay', 'must be a finite number >= 0', s.weight_decay);
  if (s.name === 'Adam' || s.name === 'AdamW') {
    need(nonNeg(s.eps), 'eps', 'must be a finite number >= 0', s.eps);
    s.betas.forEach((b, k) => need(nonNeg(b) && b < 1, `betas[${k}]`, 'must be in [0, 1)', b));
  }
  if (s.name === 'RMSprop') {
    need(nonNeg(s.eps), 'eps', 'must be a finite number >= 0', s.eps);
    need(nonNeg(s.alpha), 'alpha', 'must be a finite number >= 0', s.alpha);
  }
  if (s.name === 'RMSprop' || s.name === 'SGD') {
    need(nonNeg(s.momentum), 'momentum', 'must be a finite number >= 0', s.momentum);
  }
  if (s.name === 'SGD') {
    need(Number.isFinite(s.dampening), 'dampening', 'must be a finite number', s.dampening);
    if (s.nesterov) {
      // PyTorch: "Nesterov momentum requires a momentum and zero dampening".
      need(s.momentum > 0 && s.dampening === 0, 'nesterov', 'needs momentum > 0 and dampening 0', s.nesterov);
    }
  }
  return out;
}
