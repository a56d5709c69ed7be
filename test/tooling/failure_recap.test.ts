// The test runner's failure recap (scripts/failure_recap.mjs) on real node:test TAP output.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailureRecap } from '../../scripts/failure_recap.mjs';

const FILE = `
import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
describe('outer', () => {
  test('fine', () => {});
  test('bad one', () => { assert.equal(1 + 1, 3, 'the sum is off'); });
});
test('top bad', () => { throw new Error('boom'); });
test('top ok', () => {});
`;

function tapOf(source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'recap-'));
  const path = join(dir, 'sample.test.mjs');
  writeFileSync(path, source);
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead of printing.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    execFile(process.execPath, ['--test', '--test-reporter=tap', path], { encoding: 'utf8', env }, (_e, stdout) => resolve(stdout));
  });
}

test('failing tests are repeated with their errors, then the summary, even when the output comes a character at a time', async () => {
  const tap = await tapOf(FILE);
  const recap = new FailureRecap();
  for (const c of tap) recap.add(c);
  const text = recap.text();
  const lines = text.trimEnd().split('\n');
  assert.match(text, /# 2 failing test\(s\)/);
  assert.ok(lines.includes('#   outer > bad one'), text);
  assert.ok(lines.includes('#   top bad'), text);
  assert.ok(!lines.includes('#   outer'), 'the suite failing because of its test is not listed on its own');
  assert.match(text, /the sum is off/);
  assert.match(text, /boom/);
  assert.ok(!text.includes('top ok') && !text.includes('fine'), text);
  assert.equal(lines.at(-1)!.startsWith('# duration_ms '), true, lines.at(-1));
  assert.ok(lines.includes('# fail 2') && lines.includes('# pass 2'), text);
});

test('nothing is added when every test passed', async () => {
  const tap = await tapOf(`import test from 'node:test';\ntest('ok', () => {});\n`);
  const recap = new FailureRecap();
  recap.add(tap);
  assert.equal(recap.text(), '');
});
