/**
 * Learning-rate schedules with torch.optim.lr_scheduler semantics, plus SLM Lab's LinearToZero.
 * Each computes PyTorch's closed form lr(epoch) from the base lr (the optimizer's lr when the
 * scheduler is built), so stepping to a given frame gives the same lr as stepping there one by one.
 */
import type { LrSchedulerSpec } from '../spec/types';
import { SpecError, type SpecProblem } from '../util/errors';

/** What a scheduler needs of an optimizer: a settable learning rate. */
export interface HasLr {
  lr: number;
}

/** A learning-rate schedule driving one optimizer's `lr`. */
export interface LrScheduler {
  /** The spec's name, or 'None' for the no-op scheduler. */
  readonly name: LrSchedulerSpec['name'] | 'None';
  /** PyTorch's `last_epoch`: 0 after construction, +1 per `step()`. */
  readonly lastEpoch: number;
  /** The optimizer's lr when the scheduler was built. */
  readonly baseLr: number;
  /**
   * Advances the schedule and sets the optimizer's lr. `step()` moves one epoch (PyTorch);
   * `step(frame)` jumps to epoch = frame (SLM Lab v4 stepped its schedulers by the env frame).
   */
  step(frame?: number): void;
  /** The lr the schedule gives for `epoch`. */
  lrAt(epoch: number): number;
}

/** Options of `createLrScheduler`. */
export interface LrSchedulerOptions {
  /**
   * LinearToZero only: env frames per scheduler epoch, as SLM Lab's `steps_per_schedule` (e.g.
   * PPO's training_frequency * num_envs when `step()` is called once per update). Default 1:
   * the epoch counts frames, so `step(frame)` decays to zero at `frame` = spec.frame.
   */
  stepsPerSchedule?: number;
}

/**
 * A scheduler for `optimizer` as `spec` describes, or a no-op one for a null spec. Like PyTorch,
 * it sets the optimizer's lr for epoch 0 at once (only ConstantLR changes it there).
 */
export function createLrScheduler(
  spec: LrSchedulerSpec | null,
  optimizer: HasLr,
  options: LrSchedulerOptions = {},
): LrScheduler {
  if (spec === null) return new Schedule('None', optimizer, (base) => base);
  const problems = checkSpec(spec, options);
  if (problems.length > 0) throw new SpecError(problems);
  switch (spec.name) {
    case 'LinearToZero': {
      const n = Math.max(1, spec.frame / (options.stepsPerSchedule ?? 1));
      return new Schedule(spec.name, optimizer, (base, e) => base * Math.max(0, 1 - e / n));
    }
    case 'StepLR':
      return new Schedule(spec.name, optimizer, (base, e) => base * spec.gamma ** Math.floor(e / spec.step_size));
    case 'MultiStepLR': {
      const milestones = [...spec.milestones].sort((a, b) => a - b);
      // bisect_right: milestones passed so far, repeats counted (PyTorch's Counter).
      return new Schedule(spec.name, optimizer, (base, e) => base * spec.gamma ** milestones.filter((m) => m <= e).length);
    }
    case 'ExponentialLR':
      return new Schedule(spec.name, optimizer, (base, e) => base * spec.gamma ** e);
    case 'ConstantLR':
      return new Schedule(spec.name, optimizer, (base, e) => (e < spec.total_iters ? base * spec.factor : base));
  }
}

class Schedule implements LrScheduler {
  readonly baseLr: number;
  private epoch = 0;

  constructor(
    readonly name: LrScheduler['name'],
    private readonly optimizer: HasLr,
    private readonly form: (base: number, epoch: number) => number,
  ) {
    this.baseLr = optimizer.lr;
    if (name !== 'None') optimizer.lr = this.lrAt(0);
  }

  get lastEpoch(): number {
    return this.epoch;
  }

  lrAt(epoch: number): number {
    return this.form(this.baseLr, epoch);
  }

  step(frame?: number): void {
    if (frame !== undefined && !(Number.isFinite(frame) && frame >= 0)) {
      throw new RangeError(`LrScheduler.step: frame must be a finite number >= 0 (got ${frame})`);
    }
    this.epoch = frame ?? this.epoch + 1;
    if (this.name !== 'None') this.optimizer.lr = this.lrAt(this.epoch);
  }
}

function checkSpec(spec: LrSchedulerSpec, options: LrSchedulerOptions): SpecProblem[] {
  const out: SpecProblem[] = [];
  const need = (ok: boolean, key: string, what: string, got: unknown): void => {
    if (!ok) out.push({ path: `lr_scheduler_spec.${key}`, message: `${what} (got ${JSON.stringify(got)})` });
  };
  const positive = (x: number): boolean => Number.isFinite(x) && x > 0;
  switch (spec.name) {
    case 'LinearToZero':
      need(positive(spec.frame), 'frame', 'must be a number > 0', spec.frame);
      need(positive(options.stepsPerSchedule ?? 1), 'frame', 'stepsPerSchedule must be > 0', options.stepsPerSchedule);
      break;
    case 'StepLR':
      need(Number.isInteger(spec.step_size) && spec.step_size > 0, 'step_size', 'must be an integer > 0', spec.step_size);
      need(positive(spec.gamma), 'gamma', 'must be a number > 0', spec.gamma);
      break;
    case 'MultiStepLR':
      spec.milestones.forEach((m, k) => need(Number.isInteger(m) && m >= 0, `milestones[${k}]`, 'must be an integer >= 0', m));
      need(positive(spec.gamma), 'gamma', 'must be a number > 0', spec.gamma);
      break;
    case 'ExponentialLR':
      need(positive(spec.gamma), 'gamma', 'must be a number > 0', spec.gamma);
      break;
    case 'ConstantLR':
      // PyTorch: "Constant multiplicative factor expected to be between 0 and 1."
      need(Number.isFinite(spec.factor) && spec.factor >= 0 && spec.factor <= 1, 'factor', 'must be in [0, 1]', spec.factor);
      need(Number.isInteger(spec.total_iters) && spec.total_iters >= 0, 'total_iters', 'must be an integer >= 0', spec.total_iters);
      break;
    default:
      out.push({ path: 'lr_scheduler_spec.name', message: `unknown scheduler "${(spec as { name: string }).name}"` });
  }
  return out;
}
