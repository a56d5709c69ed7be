/**
 * The Agent on a scene that steps like Phaser's (plugins such as physics on the scene's 'update'
 * event, then the scene's update(), 'postupdate', then the game's 'postrender', which fires even
 * while the scene is paused): a game-over flag set in a collider and cleared in update() ends the
 * episode; a paused or sleeping scene takes no decision and records no step; detaching, shutting
 * down or restarting the scene ends the open episode as truncated; a throwing callback is an
 * 'error' event, never an exception out of the frame.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepBatch, TrainReport } from '../../src/algorithm/algorithm';
import { createAgent } from '../../src/agent/create_agent';
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { AgentCallbackError } from '../../src/util/errors';
import { Trainer } from '../../src/worker/trainer';
import { FakeWorker } from '../worker/fake_worker';
import { SteppedScene, VECTOR_SPEC } from '../attach/fakes';

/** A Trainer that remembers the episode-end flags of every step it observed. */
class RecordingTrainer extends Trainer {
  readonly ends: [number, number][] = [];
  override observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    this.ends.push([step.terminated[0]!, step.truncated[0]!]);
    return super.observe(step, frame);
  }
}

async function agentOn(scene: SteppedScene, options: { done?: () => boolean; reward?: () => number } = {}) {
  const trainer = new RecordingTrainer();
  const agent = await createAgent(VECTOR_SPEC, { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(trainer), seed: 5 });
  const episodes: EpisodeInfo[] = [];
  const errors: Error[] = [];
  agent.on('episode', (e) => episodes.push(e));
  agent.on('error', (e) => errors.push(e));
  let t = 0;
  const attachment = agent.attach(scene, { observe: () => [t, 1], act: () => undefined, ...options });
  const run = async (frames: number): Promise<void> => {
    for (let i = 0; i < frames; i++) {
      t++;
      scene.step();
      await attachment.settled();
    }
  };
  return { agent, trainer, attachment, episodes, errors, run };
}

test('a game-over flag set by a collider and cleared in the same frame\'s update() still ends the episode', async () => {
  let frame = 0;
  let gameOver = false;
  let rounds = 0;
  const scene = new SteppedScene(() => {
    frame++;
    if (frame % 7 === 0) gameOver = true; // the collider fires during the physics step
  });
  scene.update = () => {
    if (gameOver) {
      gameOver = false; // the game restarts its round at once
      rounds++;
    }
  };
  const a = await agentOn(scene, { done: () => gameOver });
  try {
    await a.run(30);
    assert.equal(rounds, 4);
    assert.deepEqual(a.episodes.map((e) => e.truncated), [false, false, false, false], 'every round over is an episode end');
    assert.equal(a.trainer.ends.filter(([term]) => term === 1).length, 4);
    assert.deepEqual(a.errors, []);
  } finally {
    await a.agent.dispose();
  }
});

test('a paused or sleeping scene takes no decision and records no step; it goes on when it resumes', async () => {
  const scene = new SteppedScene();
  const a = await agentOn(scene, { reward: () => 1 });
  try {
    await a.run(5);
    const before = { ...a.attachment.counters };
    const acts = (await a.agent.stats()).acts;
    for (const status of ['paused', 'sleeping'] as const) {
      scene.status = status;
      await a.run(20);
    }
    assert.equal(a.attachment.counters.frames, before.frames, 'no frame ticked');
    assert.equal(a.attachment.counters.observed, before.observed, 'no step recorded');
    assert.equal((await a.agent.stats()).acts, acts, 'no action asked');
    scene.status = 'running';
    await a.run(3);
    assert.equal(a.attachment.counters.observed, before.observed + 3);
    assert.deepEqual(a.episodes, []);
  } finally {
    await a.agent.dispose();
  }
});

test('detach, scene shutdown and scene restart end the open episode as truncated: the last step observed truncated, an episode event', async () => {
  for (const end of ['detach', 'shutdown', 'restart'] as const) {
    const scene = new SteppedScene();
    const a = await agentOn(scene, { reward: () => 1 });
    try {
      await a.run(6);
      if (end === 'detach') a.attachment.detach();
      else scene.events.emit('shutdown'); // a restart shuts the scene down before it starts again
      await a.agent.trainer.stats(); // the closing step reached the worker
      assert.equal(a.agent.attached, false);
      assert.deepEqual(a.trainer.ends.at(-1), [0, 1], `${end}: the last step is truncated`);
      assert.equal(a.trainer.ends.length, 6);
      // Six decisions: five closed steps with a frame of reward each, and the open one closed by the end.
      assert.deepEqual(a.episodes.map((e) => [e.truncated, e.steps, e.return]), [[true, 6, 5]], end);
    } finally {
      await a.agent.dispose();
    }
  }
});

test('a reward() that throws or returns NaN is an error event naming it; the frame never throws and the game runs on', async () => {
  let f = 0;
  const scene = new SteppedScene();
  const a = await agentOn(scene, {
    reward: () => {
      f++;
      if (f === 3) throw new TypeError('score is undefined');
      return f === 4 ? Number.NaN : 1;
    },
  });
  try {
    await a.run(8);
    assert.equal(a.errors.length, 2);
    assert.ok(a.errors.every((e) => e instanceof AgentCallbackError && e.callback === 'reward' && e.player === 0));
    assert.equal(a.attachment.counters.skipped, 2);
    assert.equal(a.attachment.counters.observed, 5, 'the other frames decided and were observed');
  } finally {
    await a.agent.dispose();
  }
});
