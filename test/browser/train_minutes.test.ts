/**
 * `train --game --minutes M`: a run of a set time. Without --steps the copies step until the time is
 * up (the spec's env.max_frame does not end it), the run says it stopped by the time, and --metrics
 * still writes its lines (every min(meta.log_frequency, 1,000) steps, the length being unknown).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliProcess } from '../cli/run_cli';

const ENTRY = 'test/cli/fixtures/games/random_create.ts';

test('train --game --minutes 0.1 steps the copies for 6 s, then stops and says so', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-minutes-'));
  try {
    const metrics = join(dir, 'm.jsonl');
    const r = await cliProcess(['train', 'test/cli/fixtures/ppo_tiny_pixels.json', '--game', ENTRY, '--envs', '2', '--minutes', '0.1', '--seed', '1', '--backend', 'wasm', '--metrics', metrics, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const said = /(\d+) agent steps over 2 copies in ([\d.]+) s of stepping: \d+ decisions\/s; stopped by --minutes 0\.1/.exec(r.stderr);
    assert.ok(said, r.stderr);
    const seconds = Number(said[2]);
    // The copies stop at 6 s; the run then waits for the learner's round in progress (a tiny net here).
    assert.ok(seconds >= 6 && seconds < 30, `stepped ${seconds} s`);
    const result = r.json as { steps: number };
    assert.equal(result.steps, Number(said[1]));
    assert.ok(result.steps > 0);
    const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number });
    assert.ok(lines.length >= 1, 'metric lines were written');
    assert.ok(lines.every((l) => l.step <= result.steps));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
