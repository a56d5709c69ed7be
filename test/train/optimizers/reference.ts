/**
 * Plain-loop references of torch.optim's update equations (as written in the torch.optim docs'
 * algorithm boxes), in double precision, one element at a time. The tf optimizers are tested
 * against these. State keys are PyTorch's.
 */

/** A reference optimizer: updates `params` in place, keeps per-parameter state by key. */
export interface RefOptimizer {
  lr: number;
  step(params: Float64Array[], grads: Float64Array[]): void;
  /** state[paramIndex][key], zeros where PyTorch has not created the entry yet. */
  state: Record<string, Float64Array>[];
}

function zerosLike(params: Float64Array[], keys: string[]): Record<string, Float64Array>[] {
  return params.map((p) => Object.fromEntries(keys.map((k) => [k, new Float64Array(p.length)])));
}

export interface RefSgdOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
}

export function refSgd(params: Float64Array[], o: RefSgdOptions): RefOptimizer {
  let t = 0;
  const ref: RefOptimizer = {
    lr: o.lr,
    state: zerosLike(params, o.momentum !== 0 ? ['momentum_buffer'] : []),
    step(ps, gs) {
      t += 1;
      ps.forEach((p, i) => {
        const s = ref.state[i]!;
        for (let j = 0; j < p.length; j++) {
          let g = gs[i]![j]! + o.weight_decay * p[j]!;
          if (o.momentum !== 0) {
            const b = s.momentum_buffer!;
            b[j] = t > 1 ? o.momentum * b[j]! + (1 - o.dampening) * g : g;
            g = o.nesterov ? g + o.momentum * b[j]! : b[j]!;
          }
          p[j] = p[j]! - ref.lr * g;
        }
      });
    },
  };
  return ref;
}

export interface RefAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  /** AdamW: decay the weights, not the gradient. */
  decoupled: boolean;
}

export function refAdam(params: Float64Array[], o: RefAdamOptions): RefOptimizer {
  let t = 0;
  const [b1, b2] = o.betas;
  const keys = o.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
  const ref: RefOptimizer = {
    lr: o.lr,
    state: zerosLike(params, keys),
    step(ps, gs) {
      t += 1;
      ps.forEach((p, i) => {
        const s = ref.state[i]!;
        const m = s.exp_avg!;
        const v = s.exp_avg_sq!;
        for (let j = 0; j < p.length; j++) {
          let g = gs[i]![j]!;
          if (o.decoupled) p[j] = p[j]! - ref.lr * o.weight_decay * p[j]!;
          else g = g + o.weight_decay * p[j]!;
          m[j] = b1 * m[j]! + (1 - b1) * g;
          v[j] = b2 * v[j]! + (1 - b2) * g * g;
          const mHat = m[j]! / (1 - b1 ** t);
          let vHat: number;
          if (o.amsgrad) {
            const vMax = s.max_exp_avg_sq!;
            vMax[j] = Math.max(vMax[j]!, v[j]!);
            vHat = vMax[j]! / (1 - b2 ** t);
          } else {
            vHat = v[j]! / (1 - b2 ** t);
          }
          p[j] = p[j]! - (ref.lr * mHat) / (Math.sqrt(vHat) + o.eps);
        }
      });
    },
  };
  return ref;
}

export interface RefRmspropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
}

export function refRmsprop(params: Float64Array[], o: RefRmspropOptions): RefOptimizer {
  const keys = ['square_avg'];
  if (o.momentum > 0) keys.push('momentum_buffer');
  if (o.centered) keys.push('grad_avg');
  const ref: RefOptimizer = {
    lr: o.lr,
    state: zerosLike(params, keys),
    step(ps, gs) {
      ps.forEach((p, i) => {
        const s = ref.state[i]!;
        const v = s.square_avg!;
        for (let j = 0; j < p.length; j++) {
          const g = gs[i]![j]! + o.weight_decay * p[j]!;
          v[j] = o.alpha * v[j]! + (1 - o.alpha) * g * g;
          let vTilde = v[j]!;
          if (o.centered) {
            const ga = s.grad_avg!;
            ga[j] = o.alpha * ga[j]! + (1 - o.alpha) * g;
            vTilde = vTilde - ga[j]! * ga[j]!;
          }
          if (o.momentum > 0) {
            const b = s.momentum_buffer!;
            b[j] = o.momentum * b[j]! + g / (Math.sqrt(vTilde) + o.eps);
            p[j] = p[j]! - ref.lr * b[j]!;
          } else {
            p[j] = p[j]! - (ref.lr * g) / (Math.sqrt(vTilde) + o.eps);
          }
        }
      });
    },
  };
  return ref;
}
