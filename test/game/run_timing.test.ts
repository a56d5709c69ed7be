/**
 * The split of a fast-mode run's wall clock (run_timing.ts) on hand-made numbers: parts that sum to
 * the total, the worker's time taken out of the main thread's tick and wait, nothing negative.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLaggedRunTiming, splitRunTiming } from '../../src/game/run_timing';
import { zeroTrainerTiming } from '../../src/worker/trainer_timing';

const PARTS = ['steppingMs', 'captureMs', 'transferMs', 'actingMs', 'trainingMs', 'otherMs'] as const;

test('splits a run into stepping, capture, transfer, acting, training and other that sum to its total', () => {
  const main = { stepMs: 300, tickMs: 150, captureMs: 100, waitMs: 500, totalMs: 1000 };
  const worker = { ...zeroTrainerTiming(), acts: 10, actMs: 120, stores: 8, storeMs: 30, trainRounds: 2, trainMs: 250 };
  const t = splitRunTiming(main, worker);
  assert.deepEqual(t, { totalMs: 1000, steppingMs: 300, captureMs: 100, transferMs: 150 + 500 - 100 - 120 - 280, actingMs: 120, trainingMs: 280, otherMs: 50 });
  assert.equal(PARTS.reduce((s, k) => s + t[k], 0), t.totalMs);
});

test('never gives a negative part, even when the clocks disagree', () => {
  // Worker time a little over the main thread's tick and wait (clock rounding): transfer is 0, not negative.
  const t = splitRunTiming({ stepMs: 10, tickMs: 5, captureMs: 6, waitMs: 20, totalMs: 35 }, { ...zeroTrainerTiming(), actMs: 20.5 });
  for (const k of PARTS) assert.ok(t[k] >= 0, `${k} = ${t[k]}`);
  assert.equal(t.captureMs, 5, 'capture is part of the tick');
  assert.equal(t.transferMs, 0);
  assert.ok(Math.abs(PARTS.reduce((s, k) => s + t[k], 0) - t.totalMs) <= 0.5);
});

test('with a lagged actor: acting is the actor\'s, training what the game waited for the learner, the rest of the learner\'s time beside', () => {
  const main = { stepMs: 300, tickMs: 150, captureMs: 100, waitMs: 500, totalMs: 1000 };
  const actor = { ...zeroTrainerTiming(), acts: 10, actMs: 120 };
  const learner = { ...zeroTrainerTiming(), stores: 8, storeMs: 30, trainRounds: 2, trainMs: 600 };
  const t = splitLaggedRunTiming(main, actor, 200, learner);
  assert.deepEqual(t, { totalMs: 1000, steppingMs: 300, captureMs: 100, transferMs: 150 + 500 - 100 - 120 - 200, actingMs: 120, trainingMs: 200, otherMs: 50, besideMs: 630 - 200 });
  assert.equal(PARTS.reduce((s, k) => s + t[k], 0), t.totalMs, 'the parts still sum to the run');
});
