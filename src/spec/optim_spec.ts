/**
 * Resolves the training sub-specs of a net: `loss_spec`, `optim_spec` (and the actor / critic
 * variants) and `lr_scheduler_spec`, with PyTorch's argument names, defaults and range checks.
 */
import { bool, nonNegInt, num, oneOf, posInt } from './checks';
import type { Check } from './checks';
import { LIMITS, LOSS_DEFAULTS, LR_SCHEDULER_DEFAULTS, OPTIM_DEFAULTS, OPTIM_KEYS } from './defaults';
import { Section } from './section';
import { describe } from './spec_context';
import type { LossName, LossSpec, LrSchedulerSpec, OptimName, OptimSpec } from './types';

export const LOSS_NAMES: readonly LossName[] = ['MSELoss', 'SmoothL1Loss', 'HuberLoss', 'CrossEntropyLoss'];
export const OPTIM_NAMES: readonly OptimName[] = ['Adam', 'AdamW', 'RMSprop', 'SGD'];
export const LR_SCHEDULER_NAMES = ['LinearToZero', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'ConstantLR'] as const;

const UNSUPPORTED_OPTIMS: Readonly<Record<string, string>> = {
  GlobalAdam: "SLM Lab's shared-memory optimizer for distributed (Hogwild) training; use 'Adam'",
  GlobalRMSprop: "SLM Lab's shared-memory optimizer for distributed (Hogwild) training; use 'RMSprop'",
  Lookahead: "use 'Adam', 'AdamW', 'RMSprop' or 'SGD'",
  RAdam: "use 'Adam' or 'AdamW'",
  Adagrad: "use 'Adam', 'AdamW', 'RMSprop' or 'SGD'",
};

const UNSUPPORTED_SCHEDULERS: Readonly<Record<string, string>> = {
  CyclicLR: "use 'StepLR', 'MultiStepLR', 'ExponentialLR', 'ConstantLR' or 'LinearToZero'",
  ReduceLROnPlateau: 'it needs a validation metric; use a step-based scheduler',
  CosineAnnealingLR: "use 'LinearToZero', 'StepLR' or 'ExponentialLR'",
  OneCycleLR: "use 'LinearToZero', 'StepLR' or 'ExponentialLR'",
  LambdaLR: 'a spec cannot hold a function',
};

/** Resolves `loss_spec`; null section = SLM Lab's default (MSELoss). */
export function resolveLoss(sec: Section | null): LossSpec {
  if (sec === null) return { ...LOSS_DEFAULTS };
  const check = oneOf(LOSS_NAMES, 'loss');
  const name = sec.req('name', check, LOSS_DEFAULTS.name);
  if (!check(sec.get('name')).ok) {
    sec.keys(['name', 'reduction', 'beta', 'delta']);
    return { ...LOSS_DEFAULTS };
  }
  const known = ['name', 'reduction', ...(name === 'SmoothL1Loss' ? ['beta'] : name === 'HuberLoss' ? ['delta'] : [])];
  const legacy = 'deprecated in PyTorch; use reduction';
  sec.keys(known, {
    misplaced: {
      size_average: legacy,
      reduce: legacy,
      beta: `beta is an argument of SmoothL1Loss, not ${name}`,
      delta: `delta is an argument of HuberLoss, not ${name}`,
    },
  });
  const reduction = sec.opt(
    'reduction',
    oneOf(['mean', 'sum'] as const, 'reduction', { unsupported: { none: 'training needs a scalar loss' } }),
    LOSS_DEFAULTS.reduction,
  );
  // SmoothL1Loss's beta and HuberLoss's delta share one field (they coincide at 1).
  let beta = LOSS_DEFAULTS.beta;
  if (name === 'SmoothL1Loss') beta = sec.opt('beta', num({ min: 0 }), beta);
  if (name === 'HuberLoss') beta = sec.opt('delta', num({ gt: 0 }), beta);
  return { name, beta, reduction };
}

const prob: Check<number> = num({ min: 0, lt: 1 });

/** Resolves one optimizer spec (`optim_spec`, `actor_optim_spec`, `critic_optim_spec`). */
export function resolveOptim(sec: Section): OptimSpec {
  const check = oneOf(OPTIM_NAMES, 'optimizer', { unsupported: UNSUPPORTED_OPTIMS });
  const name = sec.req('name', check, 'Adam');
  const d = OPTIM_DEFAULTS[name];
  const mine = OPTIM_KEYS[name];
  const misplaced: Record<string, string> = {};
  for (const other of OPTIM_NAMES) {
    for (const k of OPTIM_KEYS[other]) {
      if (mine.includes(k)) continue;
      const owners = OPTIM_NAMES.filter((n) => OPTIM_KEYS[n].includes(k)).join(' / ');
      misplaced[k] = `${k} is not an argument of ${name} (only ${owners} take it)`;
    }
  }
  // With a bad name, only flag keys no optimizer takes (the name's own problem is reported).
  if (check(sec.get('name')).ok) sec.keys(['name', ...mine], { misplaced });
  else sec.keys(['name', ...Object.keys(misplaced), ...mine]);
  const lr = name === 'SGD' ? sec.req('lr', num({ min: 0 }), d.lr, 'lr (SGD has no default)') : sec.opt('lr', num({ min: 0 }), d.lr);
  const spec: OptimSpec = {
    name,
    lr,
    betas: [d.betas[0], d.betas[1]],
    eps: sec.opt('eps', num({ min: 0 }), d.eps),
    weight_decay: sec.opt('weight_decay', num({ min: 0 }), d.weight_decay),
    alpha: d.alpha,
    momentum: d.momentum,
    dampening: d.dampening,
    centered: d.centered,
    nesterov: d.nesterov,
    amsgrad: d.amsgrad,
  };
  if (mine.includes('betas') && sec.has('betas')) {
    const b = sec.get('betas');
    const pair = Array.isArray(b) && b.length === 2 ? [prob(b[0]), prob(b[1])] : null;
    if (pair && pair[0]!.ok && pair[1]!.ok) spec.betas = [pair[0]!.value, pair[1]!.value];
    else sec.error('betas', `must be [beta1, beta2], each in [0, 1) (got ${describe(b)})`);
  }
  if (mine.includes('amsgrad')) spec.amsgrad = sec.opt('amsgrad', bool, d.amsgrad);
  if (mine.includes('alpha')) spec.alpha = sec.opt('alpha', num({ min: 0 }), d.alpha);
  if (mine.includes('momentum')) spec.momentum = sec.opt('momentum', num({ min: 0 }), d.momentum);
  if (mine.includes('centered')) spec.centered = sec.opt('centered', bool, d.centered);
  if (mine.includes('dampening')) spec.dampening = sec.opt('dampening', num({ min: 0, max: 1 }), d.dampening);
  if (mine.includes('nesterov')) spec.nesterov = sec.opt('nesterov', bool, d.nesterov);
  if (spec.nesterov && (spec.momentum <= 0 || spec.dampening !== 0)) {
    sec.error('nesterov', 'needs momentum > 0 and dampening 0 (as PyTorch requires)');
  }
  return spec;
}

/** Resolves `lr_scheduler_spec`. */
export function resolveLrScheduler(sec: Section): LrSchedulerSpec | null {
  const check = oneOf(LR_SCHEDULER_NAMES, 'lr scheduler', { unsupported: UNSUPPORTED_SCHEDULERS });
  const name = sec.req('name', check, 'StepLR');
  if (!check(sec.get('name')).ok) {
    sec.keys(['name', 'frame', 'step_size', 'gamma', 'milestones', 'factor', 'total_iters']);
    return null;
  }
  const steps = posInt(LIMITS.steps);
  const gamma = num({ gt: 0 });
  switch (name) {
    case 'LinearToZero':
      sec.keys(['name', 'frame']);
      return { name, frame: sec.req('frame', steps, 1) };
    case 'StepLR':
      sec.keys(['name', 'step_size', 'gamma']);
      return { name, step_size: sec.req('step_size', steps, 1), gamma: sec.opt('gamma', gamma, LR_SCHEDULER_DEFAULTS.gamma) };
    case 'MultiStepLR':
      sec.keys(['name', 'milestones', 'gamma']);
      return {
        name,
        milestones: sec.list('milestones', steps, { maxLen: 1024, minLen: 1 }),
        gamma: sec.opt('gamma', gamma, LR_SCHEDULER_DEFAULTS.gamma),
      };
    case 'ExponentialLR':
      sec.keys(['name', 'gamma']);
      return { name, gamma: sec.req('gamma', gamma, 1) };
    case 'ConstantLR':
      sec.keys(['name', 'factor', 'total_iters']);
      return {
        name,
        factor: sec.opt('factor', num({ min: 0, max: 1 }), LR_SCHEDULER_DEFAULTS.constant_factor),
        total_iters: sec.opt('total_iters', nonNegInt(LIMITS.steps), LR_SCHEDULER_DEFAULTS.constant_total_iters),
      };
  }
}

