/**
 * The observation shape and action space a command builds nets for: from `--obs` / `--actions`
 * when given, otherwise from the spec's env when it is one of the built-in envs (wrapped by the
 * spec's env section, so frame stacking shows in the shape).
 */
import type { ActionSpace } from '../env/env';
import { isBuiltinEnv, makeBuiltinEnv } from '../env/registry';
import { readEnvWrapperSpec, wrapEnv } from '../env/wrappers/from_spec';
import type { ResolvedSpec } from '../spec/types';
import { parseObsShape, parsePositiveInt } from './args';
import { UsageError } from '../util/errors';

export interface ProblemSpace {
  obsShape: number[];
  actionSpace: ActionSpace;
}

/** Resolves the spaces; throws UsageError naming the missing flag when neither source has them. */
export function problemSpace(spec: ResolvedSpec, flags: { obs?: string; actions?: string }): ProblemSpace {
  const envName = spec.env.name;
  let envSpaces: ProblemSpace | null = null;
  if ((flags.obs === undefined || flags.actions === undefined) && isBuiltinEnv(envName)) {
    const env = wrapEnv(makeBuiltinEnv(envName), readEnvWrapperSpec({ ...spec.env, num_envs: 1 }));
    envSpaces = { obsShape: [...env.observationSpace.shape], actionSpace: env.actionSpace };
    env.close?.();
  }
  const where = `env "${envName}" is not a built-in env`;
  const obsShape = flags.obs !== undefined ? parseObsShape(flags.obs) : envSpaces?.obsShape;
  if (obsShape === undefined) throw new UsageError(`--obs is required: ${where} (give e.g. --obs 84x84x4 or --obs 4)`);
  const actionSpace: ActionSpace | undefined =
    flags.actions !== undefined ? { type: 'discrete', n: parsePositiveInt('actions', flags.actions) } : envSpaces?.actionSpace;
  if (actionSpace === undefined) throw new UsageError(`--actions is required: ${where} (give e.g. --actions 6)`);
  return { obsShape, actionSpace };
}
