/**
 * Downloads are a browser page's business: in Node the call is a StorageError that says to save to
 * a path instead (the browser side is tested through the catch demo's Download button).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadPolicyFile } from '../../src/store/download_policy';
import { StorageError } from '../../src/util/errors';

test('downloadPolicyFile outside a page is a StorageError naming the way out', () => {
  assert.throws(() => downloadPolicyFile(new Uint8Array(4), 'bot.ppol'), (e: unknown) => e instanceof StorageError && /browser page/.test(e.message) && /file path/.test(e.message));
});
