import type { Env } from './env';
import { EnvError } from '../util/errors';
import { validateEnv } from './validate_env';

/**
 * The file URL of a path, for dynamic `import()`. Relative paths are resolved against `cwd`;
 * each segment is percent-encoded so names with spaces, '#', '?' or '%' load. Written by hand
 * (not node:url) so that src/env stays importable in a browser bundle.
 */
export function fileUrlOf(path: string, cwd: string): string {
  const windows = /^[A-Za-z]:[\\/]/.test(path) || /^[A-Za-z]:[\\/]/.test(cwd);
  const slash = (p: string): string => (windows ? p.replace(/\\/g, '/') : p);
  let p = slash(path);
  if (!(p.startsWith('/') || /^[A-Za-z]:\//.test(p))) p = `${slash(cwd).replace(/\/+$/, '')}/${p}`;
  if (!p.startsWith('/')) p = `/${p}`; // a drive letter: file:///C:/...
  const encoded = p
    .split('/')
    .map((seg, i) => (i === 1 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)))
    .join('/');
  return new URL(`file://${encoded}`).href; // the URL parser folds '.' and '..'
}

/** Whether a string names a module location (a path or a URL) rather than a built-in env. */
export function looksLikeModulePath(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || /\.(m?js|cjs|ts)$/.test(nameOrPath) || /^(file|https?):/.test(nameOrPath);
}

/**
 * Loads a user env module: a file whose default export is a factory `(options?) => Env` (an
 * async factory is awaited). Relative paths resolve against the process's working directory;
 * `file:`/`http(s):` URLs are imported as they are. The Env is returned through `validateEnv`,
 * so its spaces and every result are checked. Every failure is an EnvError naming the file.
 */
export async function loadEnvModule(path: string, options: Record<string, unknown> = {}): Promise<Env> {
  let url: string;
  if (/^(file|https?):/.test(path)) {
    url = path;
  } else {
    const cwd = typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : undefined;
    if (cwd === undefined && !path.startsWith('/')) {
      throw new EnvError(`env module "${path}": a relative path needs a working directory; give a URL`, { env: path });
    }
    url = fileUrlOf(path, cwd ?? '/');
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as Record<string, unknown>;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new EnvError(`env module "${path}" could not be loaded: ${msg}`, { env: path, cause: err });
  }
  if (!('default' in mod) || mod.default === undefined) {
    const names = Object.keys(mod);
    const has = names.length > 0 ? ` (it exports only ${names.join(', ')})` : '';
    throw new EnvError(`env module "${path}" has no default export${has}; add \`export default function (options) { return env; }\``, { env: path });
  }
  const factory = mod.default;
  if (typeof factory !== 'function') {
    throw new EnvError(`env module "${path}": the default export must be a factory function (options) => Env (got ${factory === null ? 'null' : typeof factory})`, { env: path });
  }
  let env: unknown;
  try {
    env = await (factory as (o: Record<string, unknown>) => unknown)(options);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new EnvError(`env module "${path}": the factory threw: ${msg}`, { env: path, cause: err });
  }
  return validateEnv(env, path);
}
