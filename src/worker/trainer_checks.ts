/**
 * Input checks of the Trainer's calls. Everything reaching the worker is user input (it crossed a
 * structured clone, so even types are not guaranteed): wrong shapes and spaces are ShapeErrors
 * that name what was expected and what came; wrong options are TrainerErrors.
 */
import type { ActionBatch, ObsBatch, StepBatch } from '../algorithm/algorithm';
import type { ActionSpace } from '../env/env';
import { actionSpaceProblems, observationSpaceProblems } from '../env/validate_env';
import { ShapeError, TrainerError } from '../util/errors';
import type { ImportPolicyOptions, TrainerInitOptions } from './trainer_types';

/** The shape facts every per-step check needs, fixed at `init`. */
export interface TrainerLayout {
  obsShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  actionSpace: ActionSpace;
  numEnvs: number;
}

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'];
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Checks init's options other than the spec; throws ShapeError (spaces) or TrainerError (options). */
export function checkInitOptions(o: TrainerInitOptions): void {
  if (typeof o !== 'object' || o === null) throw new TrainerError('init', `options must be an object (got ${typeName(o)})`);
  const problems = [
    ...observationSpaceProblems({ shape: o.obsShape, dtype: o.obsDtype }).map((p) => p.replace('observationSpace.', 'obs')),
    ...actionSpaceProblems(o.actionSpace),
  ];
  if (!isPositiveInt(o.numEnvs)) problems.push(`numEnvs must be an integer >= 1 (got ${String(o.numEnvs)})`);
  const stack = o.frameStack ?? 1;
  if (!isPositiveInt(stack)) {
    problems.push(`frameStack must be an integer >= 1 (got ${String(o.frameStack)})`);
  } else if (stack > 1 && Array.isArray(o.obsShape)) {
    const channels = o.obsShape[o.obsShape.length - 1];
    if (o.obsShape.length !== 3 || typeof channels !== 'number' || channels % stack !== 0) {
      problems.push(`frameStack ${stack} must divide the channels of an [H, W, C] observation (obsShape [${o.obsShape}])`);
    }
  }
  if (problems.length > 0) throw new ShapeError(`Trainer.init: ${problems.join('; ')}`);
  if (o.backend !== undefined && !BACKENDS.includes(o.backend)) {
    throw new TrainerError('init', `backend must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')} (got ${JSON.stringify(o.backend)})`);
  }
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) throw new TrainerError('init', `seed must be an integer (got ${String(o.seed)})`);
  if (o.specName !== undefined && typeof o.specName !== 'string') throw new TrainerError('init', `specName must be a string (got ${typeName(o.specName)})`);
  if (o.wasmPaths !== undefined && typeof o.wasmPaths !== 'string') throw new TrainerError('init', `wasmPaths must be a string (got ${typeName(o.wasmPaths)})`);
  const names = o.actionNames;
  if (names !== undefined) {
    const n = o.actionSpace.type === 'discrete' ? o.actionSpace.n : -1;
    if (!Array.isArray(names) || !names.every((x) => typeof x === 'string') || names.length !== n) {
      throw new TrainerError('init', `actionNames must be ${n < 0 ? 'absent for a non-discrete action space' : `${n} strings (one per action)`} (got ${JSON.stringify(names)})`);
    }
  }
  if (o.pipeline !== undefined && (typeof o.pipeline !== 'object' || o.pipeline === null || !['pixels', 'vector'].includes(o.pipeline.kind))) {
    throw new TrainerError('init', `pipeline must be {kind: 'pixels', ...} or {kind: 'vector', length} (got ${JSON.stringify(o.pipeline)})`);
  }
}

/** importPolicy's mode ('train' unless told otherwise); TrainerError for anything else. */
export function checkImportOptions(o: ImportPolicyOptions | undefined): 'train' | 'inference' {
  if (o === undefined || o === null) return 'train';
  if (typeof o !== 'object') throw new TrainerError('importPolicy', `options must be an object (got ${typeName(o)})`);
  const mode = o.mode ?? 'train';
  if (mode !== 'train' && mode !== 'inference') throw new TrainerError('importPolicy', `options.mode must be 'train' or 'inference' (got ${JSON.stringify(mode)})`);
  return mode;
}

/** Elements of one env's observation. */
export const obsSize = (layout: TrainerLayout): number => layout.obsShape.reduce((a, b) => a * b, 1);

/** Elements of one env's action: 1 (discrete), nvec.length or prod(shape). */
export function actionWidth(space: ActionSpace): number {
  if (space.type === 'discrete') return 1;
  if (space.type === 'multi_discrete') return space.nvec.length;
  return space.shape.reduce((a, b) => a * b, 1);
}

/** An observation batch of the layout's dtype and `numEnvs * prod(obsShape)` elements. */
export function checkObs(layout: TrainerLayout, obs: unknown, where: string): ObsBatch {
  const Want = layout.obsDtype === 'uint8' ? Uint8Array : Float32Array;
  const want = obsSize(layout) * layout.numEnvs;
  const shape = `[${layout.numEnvs}, ${layout.obsShape.join(', ')}]`;
  if (!(obs instanceof Want)) {
    throw new ShapeError(`${where}: observations must be a ${Want.name} of ${want} elements (numEnvs x obsShape = ${shape}); got ${typeName(obs)}`);
  }
  if (obs.length !== want) {
    throw new ShapeError(`${where}: observations have ${obs.length} elements but numEnvs x obsShape = ${shape} needs ${want}`);
  }
  return obs;
}

/** Discrete action masks `[numEnvs, n]` of 0/1, or nothing. */
export function checkMasks(layout: TrainerLayout, masks: unknown, where: string): Uint8Array | null {
  if (masks === undefined || masks === null) return null;
  if (layout.actionSpace.type !== 'discrete') throw new ShapeError(`${where}: action masks need a discrete action space (got ${layout.actionSpace.type})`);
  const want = layout.numEnvs * layout.actionSpace.n;
  if (!(masks instanceof Uint8Array) || masks.length !== want) {
    const got = masks instanceof Uint8Array ? `${masks.length} elements` : typeName(masks);
    throw new ShapeError(`${where}: action masks must be a Uint8Array [numEnvs, n] = [${layout.numEnvs}, ${layout.actionSpace.n}] (${want} elements); got ${got}`);
  }
  for (let e = 0; e < layout.numEnvs; e++) {
    let any = false;
    for (let j = 0; j < layout.actionSpace.n; j++) any ||= masks[e * layout.actionSpace.n + j] !== 0;
    if (!any) throw new ShapeError(`${where}: action mask of env ${e} allows no action`);
  }
  return masks;
}

function checkArray(value: unknown, Want: typeof Uint8Array | typeof Float32Array | typeof Int32Array, length: number, what: string, where: string): void {
  if (!(value instanceof Want) || value.length !== length) {
    const got = ArrayBuffer.isView(value) ? `${typeName(value)} of ${(value as Uint8Array).length}` : typeName(value);
    throw new ShapeError(`${where}: step.${what} must be a ${Want.name} of ${length} elements; got ${got}`);
  }
}

/** A whole step of all envs, every array of the right type and length; `frame` a positive integer not below `lastFrame`. */
export function checkStep(layout: TrainerLayout, step: StepBatch, frame: number, lastFrame: number): void {
  const where = 'Trainer.observe';
  if (typeof step !== 'object' || step === null) throw new ShapeError(`${where}: step must be a StepBatch object (got ${typeName(step)})`);
  checkObs(layout, step.observations, `${where} (step.observations)`);
  checkObs(layout, step.nextObservations, `${where} (step.nextObservations)`);
  const n = layout.numEnvs;
  const continuous = layout.actionSpace.type === 'continuous';
  checkArray(step.actions, continuous ? Float32Array : Int32Array, n * actionWidth(layout.actionSpace), 'actions', where);
  checkActionRange(layout.actionSpace, step.actions, where);
  checkArray(step.rewards, Float32Array, n, 'rewards', where);
  if (!step.rewards.every(Number.isFinite)) throw new ShapeError(`${where}: step.rewards must be finite (got [${Array.from(step.rewards)}])`);
  checkArray(step.terminated, Uint8Array, n, 'terminated', where);
  checkArray(step.truncated, Uint8Array, n, 'truncated', where);
  checkMasks(layout, step.actionMasks, `${where} (step.actionMasks)`);
  checkMasks(layout, step.nextActionMasks, `${where} (step.nextActionMasks)`);
  if (!Number.isSafeInteger(frame) || frame < 1) throw new ShapeError(`${where}: frame must be an integer >= 1 (got ${String(frame)})`);
  if (frame < lastFrame) throw new ShapeError(`${where}: frame ${frame} is before the last observed frame ${lastFrame} (frames count env steps over all envs and only grow)`);
}

function checkActionRange(space: ActionSpace, actions: ActionBatch, where: string): void {
  if (space.type === 'continuous') return;
  const limits = space.type === 'discrete' ? [space.n] : space.nvec;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    const limit = limits[i % limits.length]!;
    if (!(a >= 0 && a < limit)) throw new ShapeError(`${where}: step.actions[${i}] = ${a} is outside [0, ${limit})`);
  }
}
