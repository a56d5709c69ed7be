/**
 * Builds what a Node run needs from a resolved spec: the vectorised env (wrapped as the spec's env
 * section says) and the algorithm, checking that the spec fits the env.
 */
import type { AlgorithmContext, Algorithm } from '../algorithm/algorithm';
import { createAlgorithm } from '../algorithm/registry';
import type { Env } from '../env/env';
import { makeEnv } from '../env/registry';
import { EpisodeLog } from '../env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec } from '../env/wrappers/from_spec';
import type { VectorEnv } from '../env/wrappers/vector_env';
import type { ResolvedSpec } from '../spec/types';
import { PixelpilotError, ShapeError, SpecError } from '../util/errors';
import type { Rng } from '../util/rng';

/** An env and an agent ready to run. */
export interface RunSetup {
  env: VectorEnv;
  log: EpisodeLog;
  algorithm: Algorithm;
  context: AlgorithmContext;
}

/** The env name to use: `--env` wins; a spec's `${env}` template needs it. */
export function envNameOf(spec: ResolvedSpec, flag: string | undefined): string {
  const name = flag ?? spec.env.name;
  if (/^\$\{.*\}$/.test(name)) {
    throw new ShapeError(`the spec's env name is the template ${name}: give the env with --env NAME|PATH`);
  }
  return name;
}

/** Makes `num_envs` copies of the env (built-in name or module path), wrapped per the spec. */
export async function makeRunEnv(spec: ResolvedSpec, envName: string): Promise<{ env: VectorEnv; log: EpisodeLog }> {
  const wrappers = readEnvWrapperSpec({ ...spec.env });
  const copies: Env[] = [];
  try {
    for (let i = 0; i < wrappers.num_envs; i++) copies.push(await makeEnv(envName));
  } catch (e) {
    // The copies already made are closed; the error that stopped us is the one reported.
    for (const c of copies) {
      try {
        c.close?.();
      } catch {
        // ignored: the make error stands
      }
    }
    throw e;
  }
  const log = new EpisodeLog();
  return { env: makeVectorEnv((i) => copies[i]!, wrappers, log), log };
}

/** Builds the algorithm for `env`; a spec that does not fit the env gets an error naming both. */
export function makeAlgorithm(spec: ResolvedSpec, env: VectorEnv, envName: string, rng: Rng, maxParams?: number): { algorithm: Algorithm; context: AlgorithmContext } {
  const space = env.observationSpace;
  const image = space.shape.length === 3;
  const frameStack = image && spec.env.frame_op === 'concat' ? (spec.env.frame_op_len ?? 1) : 1;
  const context: AlgorithmContext = {
    agent: spec.agent,
    obsShape: [...space.shape],
    obsDtype: space.dtype,
    actionSpace: env.actionSpace,
    numEnvs: env.numEnvs,
    frameStack,
    rng,
    ...(maxParams === undefined ? {} : { maxParams }),
  };
  try {
    return { algorithm: createAlgorithm(context), context };
  } catch (e) {
    if (!(e instanceof PixelpilotError)) throw e;
    // Over the parameter cap is the spec's problem, not a mismatch with the env.
    if (e instanceof SpecError && e.problems.some((p) => p.path === 'agent.net' && /over the limit/.test(p.message))) throw e;
    const obs = `observations [${space.shape}] ${space.dtype}`;
    const act = JSON.stringify(env.actionSpace);
    const err = new ShapeError(`spec "${spec.name}" does not fit env "${envName}" (${obs}, actions ${act}): ${e.message}`);
    throw err;
  }
}
