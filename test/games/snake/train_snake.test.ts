/** `train --game` on the snake port: a short run on 2 copies exits 0 and its episodes end (the 300-decision cut, or a death). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickTrain } from '../quick_train';

test('train --game runs the snake port: 640 steps on 2 copies, each copy ends an episode', { timeout: 90_000 }, async () => {
  const r = await quickTrain('test/games/snake/training.ts', 640);
  assert.equal(r.code, 0, r.stderr);
  console.log(`snake: ${JSON.stringify(r.result)}`);
  assert.ok(r.result!.steps >= 640 && r.result!.steps <= 642, `steps ${r.result!.steps}`);
  assert.ok(r.result!.episodes >= 2, `episodes ${r.result!.episodes}`);
  assert.ok(Number.isFinite(r.result!.return_mean_100) && r.result!.return_mean_100! >= 0);
});
