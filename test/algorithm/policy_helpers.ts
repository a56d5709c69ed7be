/** Shared helpers of the policy-gradient tests: specs to contexts, training and greedy evaluation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Algorithm, AlgorithmContext, AlgorithmEvent } from '../../src/algorithm/algorithm';
import { runLoop } from '../../src/algorithm/run_loop';
import type { Env } from '../../src/env/env';
import { makeBuiltinEnv } from '../../src/env/registry';
import { EpisodeLog } from '../../src/env/wrappers/episode_stats';
import { makeVectorEnv } from '../../src/env/wrappers/from_spec';
import { resolveSpec } from '../../src/spec';
import type { ResolvedAgentSpec, ResolvedSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';

/** A spec file of test/algorithm/specs, resolved (SLM-style named spec files). */
export function loadSpec(file: string, name?: string): ResolvedSpec {
  const text = readFileSync(join(process.cwd(), 'test/algorithm/specs', file), 'utf8');
  return resolveSpec(text, name === undefined ? {} : { name }).spec;
}

/** An agent section resolved from a raw SLM-style agent object. */
export function agentOf(agent: Record<string, unknown>): ResolvedAgentSpec {
  return resolveSpec({ agent, env: { name: 'CartPole-v1' } }).spec.agent;
}

/** The algorithm context for `agent` on `env`'s spaces. */
export function contextFor(
  agent: ResolvedAgentSpec,
  env: Env,
  o: { numEnvs?: number; seed?: number; onEvent?: (e: AlgorithmEvent) => void } = {},
): AlgorithmContext {
  const space = env.observationSpace;
  return {
    agent,
    obsShape: space.shape,
    obsDtype: space.dtype,
    actionSpace: env.actionSpace,
    numEnvs: o.numEnvs ?? 1,
    frameStack: 1,
    rng: new Rng(o.seed ?? 0),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  };
}

const wrappers = { frame_op: null, frame_op_len: null, max_t: null, reward_scale: null };

/** Trains `algorithm` on `numEnvs` copies of a built-in env for `frames`; returns the episode log. */
export async function train(
  algorithm: Algorithm,
  envName: string,
  o: { numEnvs: number; frames: number; seed: number; envOptions?: Record<string, unknown> },
): Promise<EpisodeLog> {
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => makeBuiltinEnv(envName, o.envOptions ?? {}), { ...wrappers, num_envs: o.numEnvs }, log);
  await runLoop({ algorithm, env, log, frames: o.frames, seed: o.seed });
  return log;
}

/** Mean return of `episodes` greedy episodes run side by side (one env copy per episode). */
export async function greedyReturn(
  algorithm: Algorithm,
  envName: string,
  o: { episodes: number; seed: number; envOptions?: Record<string, unknown> },
): Promise<number> {
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => makeBuiltinEnv(envName, o.envOptions ?? {}), { ...wrappers, num_envs: o.episodes }, log);
  await runLoop({ algorithm, env, log, episodes: o.episodes, seed: o.seed, train: false, explore: false });
  return log.meanReturn(o.episodes);
}
