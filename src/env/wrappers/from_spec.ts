import type { Env } from '../env';
import { EnvError } from '../../util/errors';
import { RecordEpisodes, type EpisodeLog } from './episode_stats';
import { FrameStack, type FrameOp } from './frame_stack';
import { ScaleReward, type RewardScale } from './reward_scale';
import { TimeLimit } from './time_limit';
import { VectorEnv } from './vector_env';

/**
 * The wrapper keys of a spec's env section (SLM Lab's names). Each defaults to null: no wrapper.
 * Other keys of the section (`name`, `max_frame`, ...) are not wrappers and are ignored here.
 */
export interface EnvWrapperSpec {
  /** 'stack' or 'concat' the last frame_op_len observations (see FrameStack). Default null. */
  frame_op: FrameOp | null;
  /** How many observations frame_op combines; required with frame_op. Default null. */
  frame_op_len: number | null;
  /** Truncate episodes after this many steps (see TimeLimit). Default null: the env's own limit. */
  max_t: number | null;
  /** 'sign' or a multiplier for rewards (see ScaleReward). Default null: rewards unchanged. */
  reward_scale: RewardScale | null;
  /** Copies stepped together by makeVectorEnv. Default 1. */
  num_envs: number;
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * Reads the wrapper keys of an env section (as loaded from a spec; values unchecked). Collects
 * every problem and throws one EnvError listing them with their paths (`env.frame_op`, ...).
 */
export function readEnvWrapperSpec(section: { readonly [key: string]: unknown }): EnvWrapperSpec {
  const problems: string[] = [];
  const get = (k: string): unknown => (section[k] === undefined ? null : section[k]);
  const frameOp = get('frame_op');
  const frameOpLen = get('frame_op_len');
  const maxT = get('max_t');
  const rewardScale = get('reward_scale');
  const numEnvs = get('num_envs');
  if (frameOp !== null && frameOp !== 'stack' && frameOp !== 'concat') problems.push(`env.frame_op: must be 'stack', 'concat' or null (got ${JSON.stringify(frameOp)})`);
  if (frameOpLen !== null && !isPositiveInt(frameOpLen)) problems.push(`env.frame_op_len: must be a positive integer or null (got ${JSON.stringify(frameOpLen)})`);
  if (frameOp !== null && frameOpLen === null) problems.push('env.frame_op_len: is required when env.frame_op is set');
  if (frameOp === null && frameOpLen !== null) problems.push('env.frame_op: is required when env.frame_op_len is set');
  if (maxT !== null && !isPositiveInt(maxT)) problems.push(`env.max_t: must be a positive integer or null (got ${JSON.stringify(maxT)})`);
  if (rewardScale !== null && rewardScale !== 'sign' && !(typeof rewardScale === 'number' && Number.isFinite(rewardScale))) {
    problems.push(`env.reward_scale: must be 'sign', a finite number or null (got ${JSON.stringify(rewardScale)})`);
  }
  if (numEnvs !== null && !isPositiveInt(numEnvs)) problems.push(`env.num_envs: must be a positive integer (got ${JSON.stringify(numEnvs)})`);
  if (problems.length > 0) {
    const n = problems.length;
    throw new EnvError([`${n} problem${n === 1 ? '' : 's'} in the env section`, ...problems.map((p) => `  ${p}`)].join('\n'));
  }
  return {
    frame_op: frameOp as FrameOp | null,
    frame_op_len: frameOpLen as number | null,
    max_t: maxT as number | null,
    reward_scale: rewardScale as RewardScale | null,
    num_envs: (numEnvs as number | null) ?? 1,
  };
}

/**
 * Applies the env section's wrappers, innermost first: TimeLimit (max_t), RecordEpisodes (when a
 * log is given: it records the env's own rewards, before scaling), ScaleReward (reward_scale),
 * FrameStack (frame_op, frame_op_len). `num_envs` is not applied here (see makeVectorEnv).
 */
export function wrapEnv(env: Env, spec: EnvWrapperSpec, log?: EpisodeLog): Env {
  let e = env;
  if (spec.max_t !== null) e = new TimeLimit(e, spec.max_t);
  if (log) e = new RecordEpisodes(e, log);
  if (spec.reward_scale !== null) e = new ScaleReward(e, spec.reward_scale);
  if (spec.frame_op !== null && spec.frame_op_len !== null) e = new FrameStack(e, spec.frame_op, spec.frame_op_len);
  return e;
}

/**
 * `num_envs` copies made by `make(i)`, each wrapped by wrapEnv (all recording into one `log`
 * when given), stepped together as a VectorEnv.
 */
export function makeVectorEnv(make: (index: number) => Env, spec: EnvWrapperSpec, log?: EpisodeLog): VectorEnv {
  return new VectorEnv(Array.from({ length: spec.num_envs }, (_, i) => wrapEnv(make(i), spec, log)));
}
