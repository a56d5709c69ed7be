/**
 * The `training` block of a policy manifest (format version 2): what, beside the weights, a
 * Trainer needs to resume training where it stopped. Optimizer slots and target nets are weight
 * entries (kinds 'optimizer' and 'target', covered by the checksum); this block holds the plain
 * numbers and names them. Replay memories are not saved: a resumed agent refills its memory.
 */
import type { OptimName } from '../spec/types';
import { isRngState, type RngState } from '../util/rng';

/** One optimizer's saved state: its step count and the weight entries holding its slots. */
export interface SavedOptimizer {
  name: OptimName;
  /** Optimizer steps taken (PyTorch's `state['step']`; Adam's bias correction depends on it). */
  step: number;
  /** Weight entries (kind 'optimizer') of its slots, in the optimizer's slot order. */
  slots: string[];
}

/** A Trainer's counters, as saved with a policy (TrainerStats adds its live state). */
export interface SavedTrainerCounters {
  /** `act` calls served. */
  acts: number;
  /** Steps observed (`observe` calls). */
  steps: number;
  /** The frame number of the last observed step (env steps over all envs). */
  frame: number;
  /** Training rounds run and optimizer steps applied / skipped over all of them. */
  trainRounds: number;
  updates: number;
  skipped: number;
  /** Loss of the last training round; null before the first. */
  lastLoss: number | null;
}

/** Everything beyond weights that training resumes from. */
export interface TrainingManifest {
  /** The algorithm (spec agent.algorithm.name) that saved it. */
  algorithm: string;
  /** The algorithm's counters by name (e.g. `frame`, which explore and entropy schedules read). */
  counters: Record<string, number>;
  /** The algorithm's optimizers, in its order (actor's first). */
  optimizers: SavedOptimizer[];
  /** Each optimizer's lr scheduler position (PyTorch's `last_epoch`), same order. */
  schedulers: number[];
  /** The Trainer's counters, or null when not saved by a Trainer (the CLI). */
  trainer: SavedTrainerCounters | null;
  /** Position of the run's random stream (exploration, sampling, shuffles), or null. */
  rng: RngState | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const TRAINER_COUNTERS = ['acts', 'steps', 'frame', 'trainRounds', 'updates', 'skipped'] as const;

/**
 * Problems of a `training` block's structure (empty when it is well formed). `kinds` maps weight
 * entry names to their kinds, to check that every slot names an 'optimizer' entry.
 */
export function trainingManifestProblems(value: unknown, kinds: ReadonlyMap<string, string>): string[] {
  if (!isObject(value)) return ['training must be an object or null'];
  const out: string[] = [];
  if (typeof value.algorithm !== 'string') out.push('training.algorithm must be a string');
  if (!isObject(value.counters) || !Object.values(value.counters).every((c) => typeof c === 'number' && Number.isFinite(c))) {
    out.push('training.counters must map names to finite numbers');
  }
  const optimizers = value.optimizers;
  if (!Array.isArray(optimizers)) {
    out.push('training.optimizers must be a list');
  } else {
    optimizers.forEach((o, k) => {
      if (!isObject(o) || typeof o.name !== 'string' || !isCount(o.step) || !Array.isArray(o.slots)) {
        out.push(`training.optimizers[${k}] must be {name, step, slots}`);
        return;
      }
      const bad = o.slots.find((s) => typeof s !== 'string' || kinds.get(s) !== 'optimizer');
      if (bad !== undefined) out.push(`training.optimizers[${k}].slots: ${JSON.stringify(bad)} is not an 'optimizer' weight entry`);
    });
  }
  const schedulers = value.schedulers;
  if (!Array.isArray(schedulers) || !schedulers.every((e) => typeof e === 'number' && Number.isFinite(e) && e >= 0)) {
    out.push('training.schedulers must be a list of epochs >= 0');
  } else if (Array.isArray(optimizers) && schedulers.length !== optimizers.length) {
    out.push(`training.schedulers has ${schedulers.length} entries for ${optimizers.length} optimizers`);
  }
  const t = value.trainer;
  if (t !== null && (!isObject(t) || !TRAINER_COUNTERS.every((k) => isCount(t[k])) || !(t.lastLoss === null || Number.isFinite(t.lastLoss)))) {
    out.push('training.trainer must be null or {acts, steps, frame, trainRounds, updates, skipped, lastLoss}');
  }
  if (value.rng !== null && !isRngState(value.rng)) out.push('training.rng must be null or {words, spareNormal}');
  return out;
}
