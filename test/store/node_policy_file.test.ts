/**
 * Node policy files (issue 10, item 17): a save fsyncs the file, then its directory, renames, and
 * fsyncs the directory again; non-regular files are refused for reading (a FIFO at once, not a
 * hang) and for replacing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyFileBytes, writePolicyFileBytes } from '../../src/store/node_policy_file';
import { StorageError } from '../../src/util/errors';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-nodefile-'));

test('a save fsyncs the file and its directory before the rename, and the directory after it', async () => {
  const events: string[] = [];
  const probe = await fs.promises.open(join(dir, 'probe'), 'w');
  const handleProto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const realSync = handleProto.sync;
  const realRename = fs.promises.rename;
  const realOpen = fs.promises.open;
  const opened = new WeakMap<object, string>();
  handleProto.sync = async function (this: object) {
    events.push(`sync ${opened.get(this) ?? '?'}`);
    return realSync.call(this);
  };
  fs.promises.open = (async (path: fs.PathLike, ...rest: unknown[]) => {
    const h = await (realOpen as (...a: unknown[]) => Promise<object>)(path, ...rest);
    opened.set(h, String(path) === dir ? 'dir' : String(path).endsWith('.tmp') ? 'temp' : String(path));
    return h;
  }) as typeof fs.promises.open;
  fs.promises.rename = (async (a: fs.PathLike, b: fs.PathLike) => {
    events.push('rename');
    return realRename(a, b);
  }) as typeof fs.promises.rename;
  syncBuiltinESMExports();
  try {
    await writePolicyFileBytes(join(dir, 'p.ppol'), new Uint8Array([1, 2, 3]));
  } finally {
    handleProto.sync = realSync;
    fs.promises.rename = realRename;
    fs.promises.open = realOpen;
    syncBuiltinESMExports();
  }
  assert.deepEqual(events, ['sync temp', 'sync dir', 'rename', 'sync dir']);
  assert.deepEqual([...readFileSync(join(dir, 'p.ppol'))], [1, 2, 3]);
});

test('reading a FIFO, a directory or a device is a StorageError, at once', { timeout: 20_000 }, async () => {
  const fifo = join(dir, 'f.fifo');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(readPolicyFileBytes(fifo), (e) => e instanceof StorageError && /not a regular file/.test(e.message));
  await assert.rejects(readPolicyFileBytes('/dev/zero'), (e) => e instanceof StorageError && /not a regular file/.test(e.message));
  await assert.rejects(readPolicyFileBytes(dir), (e) => e instanceof StorageError && /not a regular file|is a directory/.test(e.message));
});

test('a save refuses to replace a FIFO or a directory', { timeout: 20_000 }, async () => {
  const fifo = join(dir, 'g.fifo');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(writePolicyFileBytes(fifo, new Uint8Array([1])), (e) => e instanceof StorageError && /not a regular file; refusing to replace it/.test(e.message));
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  await assert.rejects(writePolicyFileBytes(sub, new Uint8Array([1])), (e) => e instanceof StorageError && /not a regular file/.test(e.message));
});
