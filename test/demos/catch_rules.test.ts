/**
 * The browser catch demo's rules (demos/catch/catch_rules.ts) play exactly the game of the Node
 * `catch` env (src/env/catch.ts) that the demo's spec was tuned on: same seed and actions, same
 * fruit, basket, rewards and episode ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatchRules } from '../../demos/catch/catch_rules';
import { catchEnv } from '../../src/env/catch';
import { Rng } from '../../src/util/rng';

/** The lit cells of a scale-1 env frame: the fruit (or null when it is on the basket's row) and the basket's centre. */
function readEnv(obs: ArrayLike<number>, size: number): { fruit: [number, number] | null; basket: number } {
  let fruit: [number, number] | null = null;
  const bottom: number[] = [];
  for (let i = 0; i < obs.length; i++) {
    if (obs[i] === 0) continue;
    const row = Math.floor(i / size);
    if (row === size - 1) bottom.push(i % size);
    else fruit = [row, i % size];
  }
  return { fruit, basket: bottom.length === 3 ? bottom[1]! : -1 };
}

test('CatchRules plays the same games as the Node catch env for the same seed and actions', () => {
  const size = 10;
  const env = catchEnv({ size });
  const rules = new CatchRules(size, size, 42);
  const actions = new Rng(7);
  let obs = env.reset({ seed: 42 }).observation;
  let results = 0;
  for (let episode = 0; episode < 200; episode++) {
    if (episode > 0) {
      obs = env.reset().observation;
      rules.reset();
    }
    for (let t = 0; ; t++) {
      const seen = readEnv(obs, size);
      assert.deepEqual(seen, { fruit: [rules.fruitRow, rules.fruitCol], basket: rules.basket }, `episode ${episode} step ${t}`);
      const a = actions.int(3);
      const step = env.step(a);
      const mine = rules.step(a);
      assert.equal(mine.reward, step.reward);
      assert.equal(mine.over, step.terminated);
      obs = step.observation;
      if (mine.over) {
        assert.equal(t, size - 2, 'an episode is rows-1 steps');
        results += mine.reward;
        break;
      }
    }
  }
  // Random play catches some fruit and misses more: both outcomes were compared.
  assert.ok(results > -200 && results < 0, `sum of rewards ${results}`);
});

test('CatchRules keeps the 3-cell basket on the grid and rejects grids too small for it', () => {
  const rules = new CatchRules(5, 3, 1);
  for (let i = 0; i < 3; i++) rules.step(0);
  assert.equal(rules.basket, 1);
  rules.reset();
  for (let i = 0; i < 3; i++) rules.step(2);
  assert.equal(rules.basket, 1);
  assert.throws(() => new CatchRules(5, 2, 1), /at least 2 rows x 3 columns/);
});
