/**
 * `pixelpilot eval POLICY_FILE --env NAME|PATH [--episodes N] [--seed S] [--backend cpu|wasm]
 * [--json]`: loads a saved policy and plays greedily.
 */
import { readFile } from 'node:fs/promises';
import { runLoop } from '../algorithm/run_loop';
import { actingNets } from '../algorithm/training_state';
import { selectBackend } from '../backend/select_backend';
import type { ResolvedSpec } from '../spec/types';
import { applyWeights, readPolicyArtifacts } from '../store/policy_artifact';
import { decodePolicyFile } from '../store/policy_file';
import { ShapeError } from '../util/errors';
import { Rng } from '../util/rng';
import { envNameOf, makeAlgorithm, makeRunEnv } from './agent_setup';
import { parsePositiveInt, UsageError } from './obs_shape';

export interface EvalFlags {
  env?: string;
  episodes?: string;
  seed?: string;
  backend?: string;
}

/** The `--json` result. */
export interface EvalResult {
  episodes: number;
  return_mean: number;
  return_std: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Evaluates a policy file greedily on an env. */
export async function evaluate(policyPath: string, flags: EvalFlags): Promise<EvalResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(policyPath);
  } catch (e) {
    throw new UsageError(`cannot read policy file '${policyPath}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const contents = await readPolicyArtifacts(decodePolicyFile(bytes, policyPath), policyPath);
  const saved = contents.manifest;
  // One env is enough to evaluate; the spec's other settings (wrappers) stay as trained.
  const spec: ResolvedSpec = { ...saved.spec, env: { ...saved.spec.env, num_envs: 1 } };
  const episodes = flags.episodes !== undefined ? parsePositiveInt('episodes', flags.episodes) : 100;
  const seed = flags.seed !== undefined ? Number(flags.seed) : 12345;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got '${flags.seed}'`);
  const backend = flags.backend ?? 'wasm';
  if (backend !== 'cpu' && backend !== 'wasm') throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  await selectBackend({ gpu: backend });
  const envName = envNameOf(spec, flags.env);
  const { env, log } = await makeRunEnv(spec, envName);
  try {
    const obs = { shape: [...env.observationSpace.shape], dtype: env.observationSpace.dtype };
    if (!same(obs, { shape: saved.observation.shape, dtype: saved.observation.dtype })) {
      throw new ShapeError(`${policyPath}: the policy observes ${JSON.stringify(saved.observation.shape)} ${saved.observation.dtype}, env "${envName}" gives ${JSON.stringify(obs.shape)} ${obs.dtype}`);
    }
    if (!same(env.actionSpace, saved.actionSpace)) {
      throw new ShapeError(`${policyPath}: the policy acts in ${JSON.stringify(saved.actionSpace)}, env "${envName}" has ${JSON.stringify(env.actionSpace)}`);
    }
    const { algorithm } = makeAlgorithm(spec, env, envName, new Rng(seed));
    try {
      applyWeights(actingNets(algorithm), contents, policyPath);
      await runLoop({ algorithm, env, log, episodes, seed, train: false, explore: false });
    } finally {
      algorithm.dispose();
    }
  } finally {
    env.close();
  }
  return { episodes: log.count, return_mean: log.meanReturn(log.count), return_std: log.stdReturn() };
}
