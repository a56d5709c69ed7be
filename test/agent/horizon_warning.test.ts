/**
 * The 'short-horizon' warning: the spec's gamma looks 1/(1-gamma) decisions ahead; once the first
 * HORIZON_EPISODES episodes ended, their median length is compared with HORIZON_FACTOR horizons.
 * An Agent (Node, cpu, the Trainer behind a MessageChannel) emits it once, as its 'warning'
 * event, with the loop's own warnings.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent } from '../../src/agent/create_agent';
import { HORIZON_EPISODES, HORIZON_FACTOR, HorizonWatch } from '../../src/agent/horizon_warning';
import type { AttachOptions } from '../../src/attach/attach_options';
import type { AgentWarning } from '../../src/attach/warnings';
import { tf } from '../../src/backend/tf';
import { AgentCallbackError } from '../../src/util/errors';
import { FakeWorker } from '../worker/fake_worker';
import { SteppedScene, VECTOR_SPEC } from '../attach/fakes';

/** VECTOR_SPEC with another discount. */
const specWithGamma = (gamma: number) => ({ ...VECTOR_SPEC, agent: { ...VECTOR_SPEC.agent, algorithm: { ...VECTOR_SPEC.agent.algorithm, gamma } } });

/**
 * An Agent with `gamma` on a scene whose round is over every `roundFrames` frames, run until
 * `episodes` episodes ended; what it emitted. The tensors it made are all freed by dispose.
 */
async function playRounds(gamma: number, roundFrames: number, episodes: number, options: Partial<AttachOptions> = {}) {
  const before = tf.memory().numTensors;
  const agent = await createAgent(specWithGamma(gamma), { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(), seed: 3 });
  const warnings: AgentWarning[] = [];
  const errors: Error[] = [];
  const lengths: number[] = [];
  agent.on('warning', (w) => warnings.push(w));
  agent.on('error', (e) => errors.push(e));
  agent.on('episode', (e) => lengths.push(e.steps));
  const scene = new SteppedScene();
  let t = 0;
  try {
    const attachment = agent.attach(scene, { observe: () => [t % roundFrames, 1], act: () => undefined, reward: () => 1, done: () => t % roundFrames === 0, decisionPeriod: 4, ...options });
    while (lengths.length < episodes && t < 100_000) {
      t++;
      scene.step();
      await attachment.settled();
    }
  } finally {
    await agent.dispose();
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor left after dispose');
  return { warnings, errors, lengths };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('short-horizon', () => {
  test('gamma 0.5 (a horizon of 2 decisions) against ~26-decision episodes: one warning with the horizon in decisions and seconds, and a gamma; none against ~13-decision episodes, nor while not learning', async () => {
    const r = await playRounds(0.5, 104, 2 * HORIZON_EPISODES);
    assert.ok(median(r.lengths.slice(0, HORIZON_EPISODES)) > HORIZON_FACTOR * 2, `episode lengths ${r.lengths}`);
    assert.deepEqual(r.warnings.map((w) => w.code), ['short-horizon'], 'once over 20 episodes');
    const m = r.warnings[0]!.message;
    assert.ok(m.startsWith('gamma 0.5 looks about 2 decisions ahead (1/(1-gamma); 0.13 s at 4 frames a decision and 60 fps), but the median of the first 10 episodes lasted 26 decisions (1.73 s), over 10 horizons'), m);
    assert.match(m, /set the spec's agent\.algorithm\.gamma to about 0\.9616 \(a horizon of 26 decisions\)/);
    assert.deepEqual(r.errors, []);

    // Out of the trap.
    const short = await playRounds(0.5, 52, 2 * HORIZON_EPISODES);
    assert.ok(median(short.lengths) <= HORIZON_FACTOR * 2, `episode lengths ${short.lengths}`);
    assert.deepEqual(short.warnings, []);
    const inference = await playRounds(0.5, 104, 2 * HORIZON_EPISODES, { mode: 'inference' });
    assert.deepEqual(inference.warnings, [], 'an inference attachment does not train on its episodes');
  });

  test('HorizonWatch: the median of the first 10 ended episodes, once; gamma 1 never warns', () => {
    const watch = new HorizonWatch(0.9); // 10 decisions
    const lengths = [50, 200, 300, 90, 120, 101, 99, 400, 5, 500]; // median (101 + 120) / 2 = 110.5 > 100
    const got = lengths.map((l) => watch.episode(l, 1));
    assert.deepEqual(got.slice(0, 9), Array(9).fill(null));
    assert.equal(got[9]?.code, 'short-horizon');
    assert.match(got[9]!.message, /median of the first 10 episodes lasted 111 decisions/);
    assert.equal(watch.episode(10_000, 1), null, 'once');
    const under = new HorizonWatch(0.9);
    assert.deepEqual([50, 200, 300, 90, 99, 100, 99, 400, 5, 500].map((l) => under.episode(l, 1)), Array(10).fill(null), 'median 99.5 <= 100');
    const undiscounted = new HorizonWatch(1);
    assert.deepEqual(Array.from({ length: 10 }, () => undiscounted.episode(1e6, 1)), Array(10).fill(null));
  });
});

describe("the Agent's 'warning' event", () => {
  test('carries the loop\'s warnings: a method passed without its object is one warning and clear errors', async () => {
    const before = tf.memory().numTensors;
    const agent = await createAgent(VECTOR_SPEC, { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(), seed: 3 });
    const warnings: AgentWarning[] = [];
    const errors: Error[] = [];
    agent.on('warning', (w) => warnings.push(w));
    agent.on('error', (e) => errors.push(e));
    class Game {
      pendingReward = 1;
      takeReward(): number {
        return this.pendingReward;
      }
    }
    const game = new Game();
    const scene = new SteppedScene();
    try {
      const attachment = agent.attach(scene, { observe: () => [0, 1], act: () => undefined, reward: game.takeReward });
      for (let i = 0; i < 20; i++) {
        scene.step();
        await attachment.settled();
      }
    } finally {
      await agent.dispose();
    }
    assert.deepEqual(warnings.map((w) => w.code), ['detached-method']);
    assert.equal(errors.length, 20);
    assert.ok(errors.every((e) => e instanceof AgentCallbackError && e.message.includes('reward(0) reads this.pendingReward, but was passed without its object: use an arrow function (reward: () => scene.takeReward()) or bind it (scene.takeReward.bind(scene))')));
    assert.equal(tf.memory().numTensors, before);
  });
});
