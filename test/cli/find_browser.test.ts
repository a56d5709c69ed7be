/** Finding the browser `--game` drives: the clear error when there is none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findBrowser } from '../../src/cli/find_browser';
import { UsageError } from '../../src/util/errors';

test('findBrowser names what to install when no candidate exists', () => {
  const saved = process.env.PIXELPILOT_BROWSER;
  delete process.env.PIXELPILOT_BROWSER;
  try {
    assert.throws(() => findBrowser(undefined, ['/nonexistent/chromium']), (e: unknown) =>
      e instanceof UsageError && /none was found \(looked at \/nonexistent\/chromium\)/.test((e as Error).message) && /apt-get install chromium/.test((e as Error).message) && /--browser PATH/.test((e as Error).message));
    assert.equal(findBrowser(undefined, ['/nonexistent/chromium', process.execPath]), process.execPath);
    assert.equal(findBrowser(process.execPath, []), process.execPath);
  } finally {
    if (saved !== undefined) process.env.PIXELPILOT_BROWSER = saved;
  }
});
