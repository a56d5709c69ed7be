/**
 * Where demonstration files live: IndexedDB in a database of their own (never in policy
 * listings), files written atomically, and nothing saved that would not load.
 */
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDemoFile } from '../../src/store/demo_file';
import { deleteDemos, listDemos, loadDemoBytes, loadDemos, saveDemos } from '../../src/store/demo_store';
import { listPolicies, savePolicy } from '../../src/store/policy_store';
import { StorageError } from '../../src/util/errors';
import { imageDemos } from './demo_fixture';
import { freshIndexedDB, makePolicy } from './policy_fixture';

beforeEach(freshIndexedDB);

test('demonstrations saved to indexeddb:// load back byte for byte, list apart from policies, and delete', async () => {
  const bytes = await encodeDemoFile(imageDemos(), { source: 'keys' });
  const saved = await saveDemos('indexeddb://catch-demos', bytes);
  assert.deepEqual({ ...saved, checksum: saved.checksum.length }, { url: 'indexeddb://catch-demos', checksum: 64, steps: 9, episodes: 3, bytes: bytes.length });
  assert.deepEqual(await loadDemoBytes('indexeddb://catch-demos'), bytes);
  assert.equal((await loadDemos('indexeddb://catch-demos')).manifest.steps, 9);
  // A policy of the same name lives elsewhere: each listing shows its own kind only.
  await savePolicy('indexeddb://catch-demos', (await makePolicy(1)).artifacts);
  assert.deepEqual((await listPolicies()).map((p) => p.name), ['catch-demos']);
  const listed = await listDemos();
  assert.deepEqual(listed.map((d) => [d.name, d.url, d.steps, d.episodes, d.source, d.bytes]), [['catch-demos', 'indexeddb://catch-demos', 9, 3, 'keys', bytes.length]]);
  assert.ok(listed[0]!.savedAt instanceof Date);
  await deleteDemos('catch-demos');
  assert.deepEqual(await listDemos(), []);
  assert.deepEqual((await listPolicies()).map((p) => p.name), ['catch-demos']);
  await assert.rejects(loadDemoBytes('indexeddb://catch-demos'), (e) => e instanceof StorageError && /no demonstrations named "catch-demos"/.test(e.message));
  await assert.rejects(deleteDemos('catch-demos'), StorageError);
});

test('bytes that would not load are not saved; a second save replaces the first whole', async () => {
  const bytes = await encodeDemoFile(imageDemos());
  const broken = bytes.slice(0, -1);
  await assert.rejects(saveDemos('indexeddb://x', broken), (e) => e instanceof StorageError && /indexeddb:\/\/x \(demonstrations to save\)/.test(e.message));
  assert.deepEqual(await listDemos(), []);
  await saveDemos('indexeddb://x', bytes);
  const other = await encodeDemoFile({ ...imageDemos(), episodes: imageDemos().episodes.slice(0, 1) });
  await saveDemos('indexeddb://x', other);
  assert.deepEqual(await loadDemoBytes('indexeddb://x'), other);
  assert.equal((await listDemos())[0]!.steps, 4);
});

test('demonstration files on disk: written atomically (no temporary left), read bounded, checked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxdemos-'));
  const path = join(dir, 'catch.pxdemo');
  const bytes = await encodeDemoFile(imageDemos());
  await saveDemos(path, bytes);
  assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
  assert.deepEqual(readdirSync(dir), ['catch.pxdemo']);
  assert.equal((await loadDemos(path)).demonstrations.episodes.length, 3);
  await assert.rejects(loadDemoBytes(path, { maxBytes: 10 }), (e) => e instanceof StorageError && /over the limit of 10/.test(e.message));
  await assert.rejects(loadDemos(join(dir, 'missing.pxdemo')), (e) => e instanceof StorageError && /cannot read the demonstration file \(no such file\)/.test(e.message));
  writeFileSync(path, bytes.subarray(0, 40));
  await assert.rejects(loadDemos(path), StorageError);
  await assert.rejects(saveDemos('https://example.com/x.pxdemo', bytes), (e) => e instanceof StorageError && /cannot save to an http\(s\) URL/.test(e.message));
});
