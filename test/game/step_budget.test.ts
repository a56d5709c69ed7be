/**
 * StepBudget, the stop test of trainGame and recordGame: a number of agent steps, or a time
 * (`seconds`, `train --game --minutes`), whichever comes first; the episodes that ended before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StepBudget } from '../../src/game/step_budget';
import type { LoopCounters } from '../../src/attach/decision_loop';
import type { EpisodeInfo } from '../../src/attach/loop_events';

const counters = (observed: number): Readonly<LoopCounters> => ({ observed }) as LoopCounters;
const episode = (ret: number): EpisodeInfo => ({ player: 0, return: ret, steps: 3, truncated: false }) as EpisodeInfo;

test('stops at its steps (over all copies), reporting each new step with the seconds since its start', () => {
  let now = 1000;
  const steps: [number, number][] = [];
  const budget = new StepBudget(4, 10, { onStep: (s, sec) => steps.push([s, sec]) }, Infinity, () => now);
  const stop = budget.stopTest();
  now += 500;
  assert.equal(stop(counters(1)), false);
  assert.equal(stop(counters(1)), false); // a frame without a decision reports nothing
  now += 500;
  assert.equal(stop(counters(2)), false);
  assert.equal(budget.stoppedBy, null);
  assert.equal(stop(counters(3)), true); // 12 >= 10
  assert.equal(budget.stoppedBy, 'steps');
  assert.deepEqual(steps, [[4, 0.5], [8, 1], [12, 1]]);
});

test('with seconds, stops once that much time went by, whichever of the two comes first', () => {
  let now = 0;
  const budget = new StepBudget(8, Infinity, {}, 300, () => now);
  const stop = budget.stopTest();
  now = 299_999;
  assert.equal(stop(counters(5000)), false);
  now = 300_000;
  assert.equal(stop(counters(5000)), true); // a frame after the time, the same step: stops
  assert.equal(budget.stoppedBy, 'time');
  // The steps come first: steps.
  now = 0;
  const both = new StepBudget(8, 80, {}, 300, () => now);
  const stopBoth = both.stopTest();
  now = 10_000;
  assert.equal(stopBoth(counters(10)), true);
  assert.equal(both.stoppedBy, 'steps');
});

test('episodes that end once the budget is spent are counted unfinished, not returned', () => {
  const budget = new StepBudget(2, 4, {}, Infinity, () => 0);
  const stop = budget.stopTest();
  stop(counters(1));
  budget.episode(episode(3));
  assert.equal(stop(counters(2)), true);
  budget.episode(episode(7));
  assert.deepEqual(budget.returns, [{ step: 2, return: 3 }]);
  assert.equal(budget.unfinished, 1);
});
