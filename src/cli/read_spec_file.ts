import { readFile } from 'node:fs/promises';
import { resolveSpec, type ResolveResult } from '../spec/index';
import { UsageError } from '../util/errors';

/** Reads and resolves a spec file; a missing or unreadable file is a UsageError naming the path. */
export async function readSpecFile(path: string, name?: string): Promise<ResolveResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new UsageError(`cannot read spec file '${path}': ${reason}`);
  }
  return resolveSpec(text, name === undefined ? {} : { name });
}
