import { cartPoleV0, cartPoleV1 } from './cartpole';
import { catchEnv } from './catch';
import type { Env } from './env';
import { EnvError } from '../util/errors';
import { loadEnvModule, looksLikeModulePath } from './load_env_module';
import { recallEnv } from './recall';

/** The built-in envs by name; each is a factory `(options?) => Env`. */
export const ENVS = {
  catch: catchEnv,
  'CartPole-v1': cartPoleV1,
  'CartPole-v0': cartPoleV0,
  recall: recallEnv,
} as const;

/** Earlier names of built-in envs, still accepted (policies saved with them name them). */
const OLD_NAMES: Readonly<Record<string, BuiltinEnvName>> = { memory: 'recall' };

/** Name of a built-in env. */
export type BuiltinEnvName = keyof typeof ENVS;

/** Whether `name` is a built-in env's name (or an earlier name of one). */
export function isBuiltinEnv(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENVS, name) || Object.prototype.hasOwnProperty.call(OLD_NAMES, name);
}

function unknownEnv(name: string): EnvError {
  const names = Object.keys(ENVS);
  const near = names.find((n) => n.toLowerCase().startsWith(name.toLowerCase().replace(/-v\d+$/, '')) && name.length > 2);
  const hint = near ? ` Did you mean '${near}'?` : '';
  return new EnvError(`unknown env '${name}'.${hint} Built-in envs: ${names.join(', ')}; or give the path to an env module (e.g. ./my_env.mjs)`, { env: name });
}

/** Makes a built-in env synchronously (browser-friendly). Unknown names throw an EnvError listing the built-ins. */
export function makeBuiltinEnv(name: string, options: Record<string, unknown> = {}): Env {
  if (!isBuiltinEnv(name)) throw unknownEnv(name);
  const current = (Object.prototype.hasOwnProperty.call(OLD_NAMES, name) ? OLD_NAMES[name] : name) as BuiltinEnvName;
  return (ENVS[current] as (o: Record<string, unknown>) => Env)(options);
}

/**
 * Makes an env from a built-in name (see ENVS) or the path of a user env module (see
 * loadEnvModule: a file whose default export is a factory returning an Env; the result is
 * checked by validateEnv). A string that is neither throws an EnvError listing the built-ins.
 */
export async function makeEnv(nameOrPath: string, options: Record<string, unknown> = {}): Promise<Env> {
  if (isBuiltinEnv(nameOrPath)) return makeBuiltinEnv(nameOrPath, options);
  if (looksLikeModulePath(nameOrPath)) return loadEnvModule(nameOrPath, options);
  throw unknownEnv(nameOrPath);
}
