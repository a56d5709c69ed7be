// train --game's line on where a run's time went.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTiming } from '../../src/cli/game_command';

test('the time split is said part by part, largest first, in seconds and shares of the whole', () => {
  const line = describeTiming({ totalMs: 10_000, steppingMs: 4_000, captureMs: 500, transferMs: 1_000, actingMs: 1_500, trainingMs: 2_900, otherMs: 100 });
  assert.equal(line, 'stepping the game 4.0 s (40%), training 2.9 s (29%), acting 1.5 s (15%), transfer 1.0 s (10%), capture 0.5 s (5%), other 0.1 s (1%)');
  // A run of no time at all (pre-training only) says zeros, not NaN.
  assert.match(describeTiming({ totalMs: 0, steppingMs: 0, captureMs: 0, transferMs: 0, actingMs: 0, trainingMs: 0, otherMs: 0 }), /^stepping the game 0\.0 s \(0%\)/);
});
