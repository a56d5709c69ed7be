import type { Action, ActionSpace, Env, Observation, ObservationSpace, ResetOptions, ResetResult, StepResult } from './env';
import { EnvError } from '../util/errors';

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined || typeof v === 'function' || typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};
const describe = (v: unknown): string =>
  v === null ? 'null' : typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;

function checkBounds(o: Record<string, unknown>, path: string, required: boolean, problems: string[]): void {
  for (const k of ['low', 'high']) {
    const v = o[k];
    if (v === undefined && !required) continue;
    if (typeof v !== 'number' || Number.isNaN(v)) problems.push(`${path}.${k} must be a number (got ${show(v)})`);
  }
  if (typeof o.low === 'number' && typeof o.high === 'number' && !(o.low <= o.high)) {
    problems.push(`${path}.low must be <= ${path}.high (got ${o.low} > ${o.high})`);
  }
}

function checkShape(v: unknown, path: string, problems: string[]): v is number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every(isPositiveInt)) {
    problems.push(`${path} must be a non-empty array of positive integers (got ${show(v)})`);
    return false;
  }
  return true;
}

/** Problems with an observation space; empty when it is usable. */
export function observationSpaceProblems(space: unknown): string[] {
  const problems: string[] = [];
  if (typeof space !== 'object' || space === null) return [`observationSpace must be an object (got ${show(space)})`];
  const o = space as Record<string, unknown>;
  const shapeOk = checkShape(o.shape, 'observationSpace.shape', problems);
  if (o.dtype !== 'uint8' && o.dtype !== 'float32') {
    problems.push(`observationSpace.dtype must be 'uint8' or 'float32' (got ${show(o.dtype)})`);
  }
  if (shapeOk) {
    const shape = o.shape as number[];
    if (shape.length !== 1 && shape.length !== 3) {
      problems.push(`observationSpace.shape must be [D] (a vector) or [H, W, C] (an image; gray is [H, W, 1]) (got ${show(shape)})`);
    } else if (shape.length === 3 && o.dtype === 'float32') {
      problems.push(`image observations ([H, W, C]) must be uint8 (got float32)`);
    }
  }
  checkBounds(o, 'observationSpace', false, problems);
  return problems;
}

/** Problems with an action space; empty when it is usable. */
export function actionSpaceProblems(space: unknown): string[] {
  const problems: string[] = [];
  if (typeof space !== 'object' || space === null) return [`actionSpace must be an object (got ${show(space)})`];
  const a = space as Record<string, unknown>;
  if (a.type === 'discrete') {
    if (!isPositiveInt(a.n)) problems.push(`actionSpace.n must be an integer >= 1 (got ${show(a.n)})`);
  } else if (a.type === 'multi_discrete') {
    checkShape(a.nvec, 'actionSpace.nvec', problems);
  } else if (a.type === 'continuous') {
    checkShape(a.shape, 'actionSpace.shape', problems);
    checkBounds(a, 'actionSpace', true, problems);
  } else {
    problems.push(`actionSpace.type must be 'discrete', 'multi_discrete' or 'continuous' (got ${show(a.type)})`);
  }
  return problems;
}

/**
 * Checks a user env and returns it wrapped so that every reset/step result is checked too.
 *
 * Throws an EnvError naming `where` (the env's name or module path) and listing every problem
 * when the env is not an object with reset/step functions or its spaces are malformed. The
 * returned env throws an EnvError naming `where` and the method when reset/step throws, returns
 * an observation of the wrong type or length (or a non-finite float), a non-finite reward or a
 * non-boolean terminated/truncated, and when actionMask returns a wrong mask.
 */
export function validateEnv(env: unknown, where: string): Env {
  if (typeof env !== 'object' || env === null) {
    throw new EnvError(`env "${where}" is not an Env: expected an object with observationSpace, actionSpace, reset and step (got ${describe(env)})`, { env: where });
  }
  const e = env as Record<string, unknown>;
  const problems = [...observationSpaceProblems(e.observationSpace), ...actionSpaceProblems(e.actionSpace)];
  for (const m of ['reset', 'step']) {
    if (typeof e[m] !== 'function') problems.push(`${m} must be a function (got ${describe(e[m])})`);
  }
  for (const m of ['close', 'actionMask']) {
    if (e[m] !== undefined && typeof e[m] !== 'function') problems.push(`${m} must be a function when given (got ${describe(e[m])})`);
  }
  if (e.actionMask !== undefined && (e.actionSpace as ActionSpace | undefined)?.type !== 'discrete') {
    problems.push('actionMask is only supported for discrete action spaces');
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new EnvError([`env "${where}" is not a usable Env (${n} problem${n === 1 ? '' : 's'}):`, ...problems.map((p) => `  ${p}`)].join('\n'), { env: where });
  }
  return new CheckedEnv(env as Env, where);
}

/** An Env whose every result is checked against its spaces. */
class CheckedEnv implements Env {
  readonly observationSpace: ObservationSpace;
  readonly actionSpace: ActionSpace;
  readonly actionMask?: () => Uint8Array;
  private readonly size: number;

  constructor(private readonly inner: Env, private readonly where: string) {
    this.observationSpace = inner.observationSpace;
    this.actionSpace = inner.actionSpace;
    this.size = inner.observationSpace.shape.reduce((a, b) => a * b, 1);
    if (inner.actionMask) this.actionMask = () => this.checkMask(this.call('actionMask', () => inner.actionMask!()));
  }

  reset(options?: ResetOptions): ResetResult {
    const r = this.call('reset', () => this.inner.reset(options));
    if (typeof r !== 'object' || r === null) this.fail('reset', `must return {observation} (got ${describe(r)})`);
    this.checkObservation('reset', r.observation);
    return r;
  }

  step(action: Action): StepResult {
    const r = this.call('step', () => this.inner.step(action));
    if (typeof r !== 'object' || r === null) this.fail('step', `must return {observation, reward, terminated, truncated} (got ${describe(r)})`);
    this.checkObservation('step', r.observation);
    if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) this.fail('step', `reward must be a finite number (got ${show(r.reward)})`);
    for (const k of ['terminated', 'truncated'] as const) {
      if (typeof r[k] !== 'boolean') this.fail('step', `${k} must be a boolean (got ${show(r[k])})`);
    }
    return r;
  }

  close(): void {
    if (this.inner.close) this.call('close', () => this.inner.close!());
  }

  private call<T>(method: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new EnvError(`env "${this.where}": ${method}() threw: ${msg}`, { env: this.where, cause: err });
    }
  }

  private fail(method: string, what: string): never {
    throw new EnvError(`env "${this.where}": ${method}() ${what}`, { env: this.where });
  }

  private checkObservation(method: string, obs: Observation): void {
    const { dtype, shape } = this.observationSpace;
    const want = dtype === 'uint8' ? Uint8Array : Float32Array;
    if (!(obs instanceof want)) {
      this.fail(method, `observation must be a ${want.name} (observationSpace.dtype is ${dtype}) (got ${describe(obs)})`);
    }
    if (obs.length !== this.size) {
      this.fail(method, `observation has ${obs.length} elements; observationSpace.shape ${show(shape)} needs ${this.size}`);
    }
    if (dtype === 'float32') {
      for (let i = 0; i < obs.length; i++) {
        if (!Number.isFinite(obs[i])) this.fail(method, `observation[${i}] is not finite (${obs[i]})`);
      }
    }
  }

  private checkMask(mask: unknown): Uint8Array {
    const n = (this.actionSpace as { n: number }).n;
    if (!(mask instanceof Uint8Array) || mask.length !== n) {
      this.fail('actionMask', `must return a Uint8Array of length ${n} (got ${describe(mask)}${mask instanceof Uint8Array ? ` of length ${mask.length}` : ''})`);
    }
    if (!mask.some((v) => v !== 0)) this.fail('actionMask', 'allows no action');
    return mask;
  }
}
