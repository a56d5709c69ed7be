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

/**
 * Reads a file's bytes (`noun` names it in errors; default 'policy file'), refusing one over
 * `maxBytes` before reading it, and anything that is not a regular file: it is opened
 * non-blocking, so a FIFO (which would block `open` until a writer comes) or a device is refused
 * at once rather than hanging.
 */
export async function readPolicyFileBytes(path: string, options?: PolicyReadOptions, noun = 'policy file'): Promise<Uint8Array> {
  const maxBytes = maxBytesOf(options);
  const fs = await nodeFs(path);
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await fs.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new StorageError(`${path}: cannot read the ${noun} (${reason(e)})`);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new StorageError(`${path}: not a regular file (a ${noun} must be one; FIFOs, devices and directories are refused)`);
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
    throw new StorageError(`${path}: cannot read the ${noun} (${reason(e)})`);
  } finally {
    await handle.close();
  }
}

/** The directory holding `path` (its own parser, so that this file needs no node:path). */
function directoryOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '.';
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * fsyncs a directory, so that a created or renamed entry in it survives a crash. Platforms that
 * cannot open a directory (Windows) make their renames durable otherwise: that failure is ignored.
 */
async function syncDirectory(fs: Fs, dir: string): Promise<void> {
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await fs.open(dir, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw e;
  }
  try {
    await handle.sync();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file atomically and durably: into a temporary file beside it (fsynced), the directory
 * fsynced, the file renamed over the target, and the directory fsynced again; so a failed write or
 * a crash leaves either the previous file or the new one, whole. A target that exists and is not
 * a regular file (a directory, a FIFO, a device) is refused.
 */
export async function writePolicyFileBytes(path: string, bytes: Uint8Array, noun = 'policy file'): Promise<void> {
  const fs = await nodeFs(path);
  const existing = await fs.stat(path).catch((e: unknown) => {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw new StorageError(`${path}: cannot write the ${noun} (${reason(e)})`);
  });
  if (existing !== null && !existing.isFile()) throw new StorageError(`${path}: not a regular file; refusing to replace it with a ${noun}`);
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const temp = `${path}.${pid}.${Date.now()}.tmp`;
  const dir = directoryOf(path);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(fs, dir);
    await fs.rename(temp, path);
    await syncDirectory(fs, dir);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new StorageError(`${path}: cannot write the ${noun} (${reason(e)})`);
  }
}
