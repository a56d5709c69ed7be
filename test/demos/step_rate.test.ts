/** The dashboard's steps/s (demos/shared/step_rate.ts): whichever source is ahead, over a sliding window. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StepRate } from '../../demos/shared/step_rate';

test('StepRate is null for the first second, then the slope of the step count over the last 5 s', () => {
  const rate = new StepRate();
  assert.equal(rate.perSecond(0), null);
  rate.addEpisodeSteps(9);
  assert.equal(rate.perSecond(500), null);
  rate.addEpisodeSteps(9);
  assert.equal(rate.perSecond(1000), 18);
  // Training rounds count steps from the first round seen; they win when ahead of whole episodes.
  rate.sawStep(1000);
  rate.sawStep(1040);
  assert.equal(rate.perSecond(2000), 20);
  // Old samples leave the window: 10 s later with no new steps the rate falls to 0.
  for (let t = 3000; t <= 12_000; t += 1000) rate.perSecond(t);
  assert.equal(rate.perSecond(13_000), 0);
  rate.restart();
  assert.equal(rate.perSecond(14_000), null);
});
