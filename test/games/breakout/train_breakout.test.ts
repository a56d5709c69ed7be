/**
 * `train --game` on the breakout port: a short run on 2 copies exits 0, and balls are lost (episodes
 * end) and bricks broken; its --metrics lines carry the PPO round's entropy and explained variance
 * (from the page's 'train' event).
 */
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
  // One PPO round (256 decisions x 2 copies) before step 600: its line has both numbers, the
  // lines before it have neither field.
  const trained = r.metrics.filter((l) => l.entropy !== undefined);
  assert.ok(trained.length > 0 && trained[0]!.step >= 512, `lines ${JSON.stringify(r.metrics.slice(-3))}`);
  const first = trained.find((l) => l.entropy !== null)!;
  assert.ok(first.entropy! > 0 && first.entropy! <= Math.log(3) + 1e-6, `entropy ${first.entropy} of 3 actions`);
  assert.ok(Number.isFinite(first.explained_variance) && first.explained_variance! <= 1, `explained_variance ${first.explained_variance}`);
});
