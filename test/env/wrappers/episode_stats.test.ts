import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EpisodeLog, RecordEpisodes } from '../../../src/env/wrappers/episode_stats';
import { counterEnv } from '../helpers/counter_env';

describe('RecordEpisodes', () => {
  test('records the return and length of each finished episode', () => {
    const log = new EpisodeLog();
    const env = new RecordEpisodes(counterEnv({ length: 3, rewards: [1, 2, -0.5] }), log);
    for (let episode = 0; episode < 2; episode++) {
      env.reset();
      for (let t = 0; t < 3; t++) env.step(0);
    }
    assert.deepEqual(log.episodes, [{ return: 2.5, length: 3 }, { return: 2.5, length: 3 }]);
    assert.equal(log.count, 2);
  });

  test('counts truncated episodes; an episode abandoned by reset is not recorded', () => {
    const env = new RecordEpisodes(counterEnv({ length: 4, truncate: true }));
    env.reset();
    env.step(0);
    env.reset();
    for (let t = 0; t < 4; t++) env.step(0);
    assert.deepEqual(env.log.episodes, [{ return: 4, length: 4 }]);
  });

  test('meanReturn over the last n and stdReturn', () => {
    const log = new EpisodeLog();
    assert.ok(Number.isNaN(log.meanReturn()));
    for (const r of [10, 0, 2, 4]) log.episodes.push({ return: r, length: 1 });
    assert.equal(log.meanReturn(), 4);
    assert.equal(log.meanReturn(2), 3);
    assert.equal(log.stdReturn(), Math.sqrt((36 + 16 + 4 + 0) / 4));
    assert.equal(log.stdReturn(2), 1);
  });
});
