/**
 * The `--metrics` file (train --env and train --game write it alike): a line at the first step at
 * or past each multiple of log_frequency, the loss averaged over optimizer steps since the last
 * line, each line in the file as soon as it is due (not only at the end); demo_loss, entropy,
 * explained_variance and acting_weight averaged over the rounds that reported them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsFile, metricsInterval } from '../../src/cli/metrics_file';
import { UsageError } from '../../src/util/errors';

const withDir = (fn: (dir: string) => void): void => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-metrics-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const linesOf = (path: string): Record<string, unknown>[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

test('steps of 8 copies: a line at the first step at or past each multiple, written as it falls due', () => withDir((dir) => {
  const path = join(dir, 'm.jsonl');
  const m = new MetricsFile(path, 100);
  assert.equal(readFileSync(path, 'utf8'), '', 'opened empty');
  for (let frame = 8; frame <= 96; frame += 8) assert.equal(m.step(frame, 0, NaN, frame / 50), null);
  m.addRound({ loss: 2, updates: 3, extra: {} });
  m.addRound({ loss: 4, updates: 1, extra: {} });
  const first = m.step(104, 2, 0.5, 2);
  assert.deepEqual(first, { step: 104, episodes: 2, return_mean_100: 0.5, loss: 2.5, steps_per_s: 52 });
  // In the file before the run ends (a killed run keeps it; tail -f shows it).
  assert.deepEqual(linesOf(path), [first]);
  for (let frame = 112; frame <= 192; frame += 8) assert.equal(m.step(frame, 3, 0.25, 4), null);
  const second = m.step(200, 3, 0.25, 4);
  assert.deepEqual(second, { step: 200, episodes: 3, return_mean_100: 0.25, loss: null, steps_per_s: 50 }, 'no optimizer step since the last line: loss null');
  m.close();
  assert.deepEqual(linesOf(path), [first, second]);
}));

test('no episode yet gives return_mean_100 null; rounds with no update or a non-finite loss do not count', () => withDir((dir) => {
  const path = join(dir, 'm.jsonl');
  const m = new MetricsFile(path, 10);
  m.addRound({ loss: NaN, updates: 0, extra: {} });
  m.addRound({ loss: Infinity, updates: 2, extra: {} });
  m.addRound({ loss: 1, updates: 0, extra: {} });
  assert.ok(Number.isNaN(m.loss));
  m.addRound({ loss: 3, updates: 2, extra: {} });
  assert.equal(m.loss, 3);
  assert.deepEqual(m.step(10, 0, NaN, 1), { step: 10, episodes: 0, return_mean_100: null, loss: 3, steps_per_s: 10 });
  assert.ok(Number.isNaN(m.loss), 'the running loss starts again after a line');
  m.close();
  m.close();
}));

test('a step past several multiples writes one line, and the next one falls at the following multiple', () => withDir((dir) => {
  const path = join(dir, 'm.jsonl');
  const m = new MetricsFile(path, 10);
  assert.equal(m.step(35, 1, 1, 1)?.step, 35);
  assert.equal(m.step(39, 1, 1, 1), null);
  assert.equal(m.step(40, 1, 1, 1)?.step, 40);
  m.close();
  assert.deepEqual(linesOf(path).map((l) => l.step), [35, 40]);
}));

test('without a path the running loss and the lines are still kept (the progress bar shows the loss)', () => {
  const m = new MetricsFile(undefined, 5);
  m.addRound({ loss: 0.5, updates: 4, extra: {} });
  assert.equal(m.loss, 0.5);
  assert.equal(m.step(5, 0, NaN, 1)?.loss, 0.5);
  m.close();
});

test('a file that cannot be written is a UsageError naming --metrics', () => withDir((dir) => {
  assert.throws(() => new MetricsFile(join(dir, 'no', 'such', 'm.jsonl'), 10), (e: unknown) => e instanceof UsageError && /^--metrics .*m\.jsonl: cannot write the file/.test(e.message));
}));

test('the interval is the spec\'s log_frequency, but at most a 50th of the run, so short runs log tens of lines', () => {
  assert.equal(metricsInterval(10_000, 5_000), 100, 'SLM Lab\'s default on a 5,000-step run: 50 lines, not none');
  assert.equal(metricsInterval(1_000, 1_000_000), 1_000, 'a long run keeps the spec\'s frequency');
  assert.equal(metricsInterval(10_000, 7), 1);
  const lines = Array.from({ length: 5_000 }, (_, i) => i + 1).filter((s) => s % metricsInterval(10_000, 5_000) === 0).length;
  assert.equal(lines, 50);
});

test('entropy, explained_variance, approx_kl, clip_fraction, acting_weight and demo_loss: the mean over the rounds since the last line, present once reported', () => withDir((dir) => {
  const path = join(dir, 'm.jsonl');
  const m = new MetricsFile(path, 10);
  m.addRound({ loss: 1, updates: 1, extra: { lr: 0.001 } });
  assert.deepEqual(m.step(10, 0, NaN, 1), { step: 10, episodes: 0, return_mean_100: null, loss: 1, steps_per_s: 10 }, 'no such extra reported yet: no field (lr is not logged)');
  m.addRound({ loss: 1, updates: 1, extra: { entropy: 1.0, explained_variance: 0.2 } });
  m.addRound({ loss: 1, updates: 1, extra: { entropy: 0.5, explained_variance: NaN } });
  assert.deepEqual(m.step(20, 1, 2, 1), { step: 20, episodes: 1, return_mean_100: 2, loss: 1, steps_per_s: 20, entropy: 0.75, explained_variance: 0.2 }, 'a non-finite value does not count');
  assert.deepEqual(m.step(30, 1, 2, 1), { step: 30, episodes: 1, return_mean_100: 2, loss: null, steps_per_s: 30, entropy: null, explained_variance: null }, 'no round since: null, field kept');
  m.addRound({ loss: 2, updates: 1, extra: { demo_loss: 0.3, entropy: 0.25, acting_weight: 0.9, approx_kl: 0.01, clip_fraction: 0.1 } });
  m.addRound({ loss: 2, updates: 1, extra: { acting_weight: 0.7, approx_kl: 0.03, clip_fraction: 0.3 } });
  const last = m.step(40, 1, 2, 1);
  assert.ok(Math.abs(last!.approx_kl! - 0.02) < 1e-12 && Math.abs(last!.clip_fraction! - 0.2) < 1e-12, `approx_kl ${last?.approx_kl}, clip_fraction ${last?.clip_fraction}: the rounds' means`);
  assert.ok(Math.abs(last!.acting_weight! - 0.8) < 1e-12, `acting_weight ${last?.acting_weight}: the mean of the rounds' weights`);
  assert.equal(last?.demo_loss, 0.3);
  assert.equal(last?.entropy, 0.25);
  assert.equal(last?.explained_variance, null);
  m.close();
  assert.equal(linesOf(path).length, 4);
}));

test('end() writes one more line at the last step for rounds reported after the last line, and nothing otherwise', () => withDir((dir) => {
  const path = join(dir, 'm.jsonl');
  const m = new MetricsFile(path, 100);
  assert.equal(m.end(), null, 'no step yet');
  m.step(100, 1, 2, 1);
  assert.equal(m.end(), null, 'no round since the last line');
  m.step(150, 2, 3, 1.5);
  // A lagged actor's learner reports its last round after the copies' last step.
  m.addRound({ loss: 4, updates: 2, extra: { entropy: 0.9 } });
  const last = m.end();
  assert.deepEqual(last, { step: 150, episodes: 2, return_mean_100: 3, loss: 4, steps_per_s: 100, entropy: 0.9 });
  assert.equal(m.end(), null, 'written once');
  m.close();
  assert.deepEqual(linesOf(path).map((l) => l.step), [100, 150]);
}));
