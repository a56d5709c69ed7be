/** `--plot`'s SVG: one dot per episode, the moving average as a line, at the right places. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningCurveSvg, movingAverage } from '../../src/cli/learning_plot';

test('movingAverage averages the last `window` values (fewer at the start)', () => {
  assert.deepEqual(movingAverage([1, 3, 5, 7], 2), [1, 2, 4, 6]);
  assert.deepEqual(movingAverage([], 3), []);
});

test('learningCurveSvg draws every episode and the moving average, escaped title', () => {
  const points = [{ step: 10, return: -1 }, { step: 20, return: 1 }, { step: 40, return: 1 }];
  const svg = learningCurveSvg(points, 'a <spec> & game', 2);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(svg.match(/<circle /g)?.length, 3);
  assert.match(svg, /a &lt;spec> &amp; game/);
  // The average path: 3 points, the last one at the right edge (step 40 = x max) and at return 1.
  const d = /class="average" d="([^"]+)"/.exec(svg)![1]!;
  const coords = d.split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number));
  assert.equal(coords.length, 3);
  assert.equal(coords[2]![0], 624);
  assert.ok(coords[0]![1]! > coords[2]![1]!, 'a higher return is drawn higher (smaller y)');
  assert.equal(learningCurveSvg([], 'empty').match(/<circle /g), null);
});
