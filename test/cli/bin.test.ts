/** The packaged `pixelpilot` bin (dist/cli.js, built by `npm run build` before the tests). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const BIN = join(ROOT, pkg.bin.pixelpilot!);
const SPECS = join(ROOT, 'test', 'spec', 'fixtures', 'slm_specs');

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });

test('the bin prints the summary of a real SLM Lab spec as JSON on its last line', () => {
  const r = run('summary', join(SPECS, 'dqn_pong.json'), '--obs', '84x84x4', '--actions', '6', '--json');
  assert.equal(r.status, 0, r.stderr);
  const last = r.stdout.trim().split('\n').at(-1)!;
  const result = JSON.parse(last);
  // Nature CNN trunk with a 256-unit fc layer and 6 Q-values, as PyTorch counts it:
  // 8,224 + 32,832 + 36,928 + 3136*256+256 + 256*6+6.
  assert.equal(result.params, 8224 + 32832 + 36928 + 3136 * 256 + 256 + 256 * 6 + 6);
  assert.match(r.stderr, /warning: .*meta\.(distributed|max_session)/);
});

test('the bin exits non-zero with the SpecError text and no stack for an invalid spec', () => {
  const r = run('summary', join(SPECS, 'ppo_atari.json'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^SpecError: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(run('--help').status, 0);
});

test('a clean build leaves the bin executable, so `npx pixelpilot` runs it inside this repository too', () => {
  assert.equal(statSync(BIN).mode & 0o111, 0o111, 'dist/cli.js is executable');
  const direct = spawnSync(BIN, ['--help'], { encoding: 'utf8', cwd: ROOT });
  assert.equal(direct.status, 0, direct.stderr);
  assert.match(direct.stdout, /usage: pixelpilot/);
});
