/**
 * `pixelpilot eval POLICY_FILE [--env NAME|PATH] [--episodes N] [--seed S] [--backend cpu|wasm]
 * [--max-params N] [--json]`: loads a saved policy and plays greedily.
 *
 * A policy file is data: it is read with the same size bound and checks as every other load
 * (loadPolicy), its saved spec must resolve to itself, and nothing in it selects code to run. Its
 * env name is used only when it is a built-in env; an env module path is taken from --env alone.
 */
import { runLoop } from '../algorithm/run_loop';
import { actingNets } from '../algorithm/training_state';
import { selectBackend } from '../backend/select_backend';
import { isBuiltinEnv } from '../env/registry';
import type { ResolvedSpec } from '../spec/types';
import { applyWeights } from '../store/policy_artifact';
import { loadPolicy } from '../store/policy_store';
import { specInput } from '../store/saved_spec';
import { ShapeError, UsageError } from '../util/errors';
import { Rng } from '../util/rng';
import { makeAlgorithm, makeRunEnv } from './agent_setup';
import { closeEnvQuietly } from './close_env';
import { parsePositiveInt, parseMaxParams, parseSeed } from './args';

export interface EvalFlags {
  env?: string;
  episodes?: string;
  seed?: string;
  backend?: string;
  'max-params'?: string;
}

/** The `--json` result. */
export interface EvalResult {
  episodes: number;
  return_mean: number;
  return_std: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The env to evaluate on: `--env` (the user's choice, a built-in name or a module path), else the
 * policy's own env name when it is a built-in env. A name from the file is never imported.
 */
export function evalEnvName(saved: ResolvedSpec, flag: string | undefined, policyPath: string): string {
  if (flag !== undefined) return flag;
  const name = saved.env.name;
  if (typeof name === 'string' && isBuiltinEnv(name)) return name;
  throw new UsageError(
    `${policyPath}: the policy was trained on env ${JSON.stringify(name)}, which is not a built-in env; ` +
      `a policy file never selects code to run, so give the env with --env NAME|PATH`,
  );
}

/** Evaluates a policy file greedily on an env; `warn` receives warning lines (an env that fails to close). */
export async function evaluate(policyPath: string, flags: EvalFlags, warn: (line: string) => void = () => undefined): Promise<EvalResult> {
  const episodes = flags.episodes !== undefined ? parsePositiveInt('episodes', flags.episodes) : 100;
  const seed = parseSeed(flags.seed, 12345);
  const backend = flags.backend ?? 'wasm';
  if (backend !== 'cpu' && backend !== 'wasm') throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  const maxParams = parseMaxParams(flags['max-params']);
  const budget = maxParams === undefined ? {} : { maxParams };
  // The same bounded, regular-file-only read and the same checks as every load.
  const contents = await loadPolicy(policyPath, budget);
  const saved = contents.manifest;
  specInput(saved.spec, policyPath);
  const envName = evalEnvName(saved.spec, flags.env, policyPath);
  // One env is enough to evaluate; the spec's other settings (wrappers) stay as trained.
  const spec: ResolvedSpec = { ...saved.spec, env: { ...saved.spec.env, num_envs: 1 } };
  await selectBackend({ gpu: backend });
  const { env, log } = await makeRunEnv(spec, envName);
  try {
    const obs = { shape: [...env.observationSpace.shape], dtype: env.observationSpace.dtype };
    if (!same(obs, { shape: saved.observation.shape, dtype: saved.observation.dtype })) {
      throw new ShapeError(`${policyPath}: the policy observes ${JSON.stringify(saved.observation.shape)} ${saved.observation.dtype}, env "${envName}" gives ${JSON.stringify(obs.shape)} ${obs.dtype}`);
    }
    if (!same(env.actionSpace, saved.actionSpace)) {
      throw new ShapeError(`${policyPath}: the policy acts in ${JSON.stringify(saved.actionSpace)}, env "${envName}" has ${JSON.stringify(env.actionSpace)}`);
    }
    const { algorithm } = makeAlgorithm(spec, env, envName, new Rng(seed), maxParams);
    try {
      applyWeights(actingNets(algorithm), contents, policyPath);
      await runLoop({ algorithm, env, log, episodes, seed, train: false, explore: false });
    } finally {
      algorithm.dispose();
    }
  } finally {
    closeEnvQuietly(env, envName, warn);
  }
  return { episodes: log.count, return_mean: log.meanReturn(log.count), return_std: log.stdReturn() };
}
