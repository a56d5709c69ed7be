/**
 * Policy files on disk, in Node. `node:fs/promises` is imported lazily through a variable, so a
 * browser bundle of the SDK neither includes nor warns about it, and a page never loads it.
 */
import { StorageError } from '../util/errors';
import { maxBytesOf, type PolicyReadOptions } from './fetch_policy';

type Fs = typeof import('node:fs/promises');

/** True in Node (not in a browser or worker, where `process` is normally absent). */
export function runsInNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

async function nodeFs(where: string): Promise<Fs> {
  if (!runsInNode()) throw new StorageError(`${where}: file paths can be read only in Node; use a URL in the browser`);
  const name = 'node:fs/promises';
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as Fs;
}

/** A `file://` URL as a path (Node's own conversion, lazily imported like fs). */
export async function filePathOf(url: string): Promise<string> {
  const name = 'node:url';
  const { fileURLToPath } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as typeof import('node:url');
  try {
    return fileURLToPath(url);
  } catch (e) {
    throw new StorageError(`${url}: not a usable file URL (${(e as Error).message})`);
  }
}

const reason = (e: unknown): string => {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message;
};

/** Reads a file's bytes, refusing one over `maxBytes` before reading it. */
export async function readPolicyFileBytes(path: string, options?: PolicyReadOptions): Promise<Uint8Array> {
  const maxBytes = maxBytesOf(options);
  const fs = await nodeFs(path);
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    throw new StorageError(`${path}: cannot read the policy file (${reason(e)})`);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new StorageError(`${path}: not a regular file`);
    if (size > maxBytes) throw new StorageError(`${path}: the file is ${size} bytes, over the limit of ${maxBytes} (maxBytes)`);
    // Read one byte more than announced, to notice a file that grew while we read it.
    const buffer = new Uint8Array(size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled !== size) throw new StorageError(`${path}: the file changed while it was read (${filled} bytes, ${size} expected)`);
    return buffer.subarray(0, size);
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError(`${path}: cannot read the policy file (${reason(e)})`);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file atomically: into a temporary file beside it, then renamed over it, so a failed
 * write leaves the previous file as it was.
 */
export async function writePolicyFileBytes(path: string, bytes: Uint8Array): Promise<void> {
  const fs = await nodeFs(path);
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const temp = `${path}.${pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(temp, bytes, { flag: 'wx' });
    await fs.rename(temp, path);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new StorageError(`${path}: cannot write the policy file (${reason(e)})`);
  }
}
