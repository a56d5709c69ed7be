/**
 * The memory demo's rules (demos/recall/memory_rules.ts): the timeline of an episode, that the
 * screen at choice time does not tell the cue (so only memory beats chance), and, through the
 * Node Env over the same rules, that the demo's spec learns the game from pixels.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecallRules } from '../../demos/recall/recall_rules';
import { runLoop } from '../../src/algorithm/run_loop';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { makeAlgorithm } from '../../src/cli/agent_setup';
import { EpisodeLog } from '../../src/env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec } from '../../src/env/wrappers/from_spec';
import { resolveSpec } from '../../src/spec/index';
import { Rng } from '../../src/util/rng';
import { PixelGameEnv, rasterize } from './pixel_game_env';

const ROOT = join(__dirname, '..', '..', '..');

describe('RecallRules', () => {
  test('an episode: cue, delay dark steps, go, then the choice is rewarded and ends it', () => {
    const rules = new RecallRules({ delay: 3, seed: 5 });
    const cue = rules.cue;
    const lamps = (): number[] => rules.boxes().slice(0, 2).map((b) => b.shade);
    assert.equal(lamps()[cue], 1);
    assert.ok(lamps()[1 - cue]! < 1);
    for (let t = 1; t <= 3; t++) {
      assert.deepEqual(rules.step(1 - cue), { reward: 0, done: false });
      assert.ok(lamps().every((s) => s < 1) && !rules.goTime, `step ${t} is dark`);
    }
    assert.deepEqual(rules.step(1 - cue), { reward: 0, done: false });
    assert.equal(rules.goTime, true);
    assert.deepEqual(rules.step(cue), { reward: 1, done: true });
    assert.equal(rules.chosen, cue);
    assert.equal(rules.over, true);
    // The next step starts a new episode (its cue shows) instead of advancing.
    assert.deepEqual(rules.step(0), { reward: 0, done: false });
    assert.equal(rules.t, 0);
    assert.equal(rules.over, false);
  });

  test('the wrong side costs -1', () => {
    const rules = new RecallRules({ delay: 0, seed: 2 });
    const cue = rules.cue;
    rules.step(0);
    assert.deepEqual(rules.step(1 - cue), { reward: -1, done: true });
    assert.equal(rules.correct, 0);
    assert.equal(rules.episodes, 1);
  });

  test('every screen after the cue is the same for both cues (only memory beats chance)', () => {
    const screens = (cue: number): Uint8Array[] => {
      let rules = new RecallRules({ seed: 0 });
      for (let s = 1; rules.cue !== cue; s++) rules = new RecallRules({ seed: s });
      const out: Uint8Array[] = [];
      for (let t = 1; t <= rules.delay + 1; t++) {
        rules.step(0);
        out.push(rasterize(rules.boxes(), 100, 16));
      }
      return out;
    };
    assert.deepEqual(screens(0), screens(1));
  });

  test('cues are about half left, half right', () => {
    const rules = new RecallRules({ seed: 9 });
    let left = 0;
    for (let i = 0; i < 1000; i++) {
      left += rules.cue === 0 ? 1 : 0;
      rules.reset();
    }
    assert.ok(left > 430 && left < 570, `${left} left cues of 1000`);
  });
});

describe('the memory demo spec', () => {
  test('PPO with a GRU RecurrentNet learns the game from 16x16 pixels in Node (greedy, fresh episodes)', { timeout: 300_000 }, async () => {
    await selectBackend({ gpu: 'wasm' });
    const { spec } = resolveSpec(readFileSync(join(ROOT, 'demos/specs/recall_ppo_gru.json'), 'utf8'));
    let seed = 100;
    const make = (): { env: ReturnType<typeof makeVectorEnv>; log: EpisodeLog } => {
      const wrappers = readEnvWrapperSpec({ ...spec.env });
      const log = new EpisodeLog();
      const envs = Array.from({ length: wrappers.num_envs }, () => new PixelGameEnv(new RecallRules({ seed: seed++ }), { field: 100, size: 16, actions: 2 }));
      return { env: makeVectorEnv((i) => envs[i]!, wrappers, log), log };
    };
    const before = tf.memory().numTensors;
    const { env, log } = make();
    const { algorithm } = makeAlgorithm(spec, env, 'memory_pixels', new Rng(3));
    const greedy = async (episodes: number): Promise<number> => {
      const run = make();
      await runLoop({ algorithm, env: run.env, log: run.log, episodes, seed: 777, train: false, explore: false });
      const e = run.log.episodes.slice(0, episodes);
      return e.filter((x) => x.return > 0).length / e.length;
    };
    const chance = await greedy(200);
    const frames = 4608;
    const t0 = performance.now();
    await runLoop({ algorithm, env, log, frames, seed: 3 });
    const seconds = (performance.now() - t0) / 1000;
    const accuracy = await greedy(200);
    console.log(`memory demo spec: greedy accuracy ${chance.toFixed(3)} before training, ${accuracy.toFixed(3)} after ${frames} steps (${seconds.toFixed(1)} s on wasm, under load)`);
    assert.ok(accuracy >= 0.9, `greedy accuracy ${accuracy} after ${frames} steps`);
    algorithm.dispose();
    env.close();
    assert.equal(tf.memory().numTensors, before);
  });
});
