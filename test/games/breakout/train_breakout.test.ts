/** `train --game` on the breakout port: a short run on 2 copies exits 0, and balls are lost (episodes end) and bricks broken. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickTrain } from '../quick_train';

test('train --game runs the breakout port: 600 steps on 2 copies, balls lost and bricks broken', { timeout: 90_000 }, async () => {
  const r = await quickTrain('test/games/breakout/training.ts', 600);
  assert.equal(r.code, 0, r.stderr);
  console.log(`breakout: ${JSON.stringify(r.result)}`);
  assert.ok(r.result!.steps >= 600 && r.result!.steps <= 602, `steps ${r.result!.steps}`);
  // 300 decisions a copy, under the 500-decision cut: every episode that ended lost its ball.
  assert.ok(r.result!.episodes >= 2, `episodes ${r.result!.episodes}`);
  assert.ok(r.result!.return_mean_100! > 0, 'bricks were broken');
});
