/** `train --game` on the first-game port: a short run on 2 copies exits 0 and its episodes end (the 400-decision cut, or a bomb). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickTrain } from '../quick_train';

test('train --game runs the first-game port: 840 steps on 2 copies, each copy ends an episode', { timeout: 90_000 }, async () => {
  const r = await quickTrain('test/games/firstgame/training.ts', 840);
  assert.equal(r.code, 0, r.stderr);
  console.log(`firstgame: ${JSON.stringify(r.result)}`);
  assert.ok(r.result!.steps >= 840 && r.result!.steps <= 842, `steps ${r.result!.steps}`);
  assert.ok(r.result!.episodes >= 2, `episodes ${r.result!.episodes}`);
  assert.ok(Number.isFinite(r.result!.return_mean_100) && r.result!.return_mean_100! >= 0);
});
