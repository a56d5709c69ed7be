/**
 * The decision bookkeeping of an attached agent, frame by frame, with a fake trainer and a
 * counting observation source: action repeat between decisions, rewards summed per decision,
 * done / maxStep, late answers, modes, waiting beyond maxInFlight, stop and a lost trainer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentError, AgentCallbackError } from '../../src/util/errors';
import type { EpisodeInfo, TrainInfo } from '../../src/attach/loop_events';
import { resolveAttachOptions, type AttachOptions } from '../../src/attach/attach_options';
import { DecisionLoop } from '../../src/attach/decision_loop';
import { CountingSource, FakeTrainer, flush } from './fakes';

const NAMES = ['left', 'right', 'stay'];

function setup(options: Partial<AttachOptions> = {}, trainer = new FakeTrainer()) {
  const acted: [number, string][] = [];
  const episodes: Omit<EpisodeInfo, 'episode'>[] = [];
  const trains: TrainInfo[] = [];
  const errors: unknown[] = [];
  let frame = 0;
  const source = new CountingSource();
  const resolved = resolveAttachOptions({ act: (a, n) => acted.push([a, n]), ...options }, null);
  const loop = new DecisionLoop(trainer, [source], resolved, NAMES, {
    countSteps: (n) => (frame += n),
    onTrain: (t) => trains.push(t),
    onEpisode: (e) => episodes.push(e),
    onError: (e) => errors.push(e),
  });
  /** Ticks `n` frames, letting answers arrive after each. */
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      loop.tick();
      await flush();
    }
  };
  return { loop, trainer, source, acted, episodes, trains, errors, run };
}

describe('DecisionLoop', () => {
  test('decides every decisionPeriod frames and repeats the action (act every frame) in between', async () => {
    let k = 0;
    const s = setup({ decisionPeriod: 4 }, new FakeTrainer(true, () => k++ % 3));
    await s.run(12);
    // Decisions at frames 1, 5, 9 (the first frame opens the episode).
    assert.equal(s.trainer.acts.length, 3);
    assert.deepEqual(s.trainer.acts.map((c) => Array.from(c.obs)), [[1], [2], [3]]);
    assert.equal(s.acted.length, 12, 'act is called once per frame');
    assert.deepEqual(s.acted.map(([a]) => a), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    assert.deepEqual(s.acted[4], [1, 'right']);
    assert.ok(s.trainer.acts.every((c) => c.options.explore === true), 'train mode explores');
    // Two steps closed (at frames 5 and 9), each with the action played in its window.
    assert.deepEqual(s.trainer.steps.map(({ step }) => [step.observations[0], step.actions[0], step.nextObservations[0]]), [[1, 0, 2], [2, 1, 3]]);
    assert.deepEqual(s.trainer.steps.map((x) => x.frame), [1, 2]);
    assert.equal(s.loop.counters.late, 0);
  });

  test('sums reward() and addReward() over the frames of a decision', async () => {
    const s = setup({ decisionPeriod: 3, reward: () => 1 });
    await s.run(1); // opens the episode; this frame's reward belongs to no step
    s.loop.addReward(0.5);
    await s.run(3); // frames 2..4: 3 x 1 + 0.5; decision at frame 4
    s.loop.addReward(-2);
    await s.run(3); // frames 5..7: 3 - 2
    assert.deepEqual(s.trainer.steps.map(({ step }) => step.rewards[0]), [3.5, 1]);
    assert.throws(() => s.loop.addReward(Number.NaN), AgentError);
  });

  test('done() ends the episode as terminal, resets the observation and starts the next episode', async () => {
    let f = 0;
    const s = setup({ decisionPeriod: 2, reward: () => 1, done: () => ++f === 6 });
    await s.run(9);
    assert.equal(s.episodes.length, 1);
    // Decisions at frames 1, 3, 5; done at 6 closes a 3-step episode.
    assert.deepEqual(s.episodes[0], { player: 0, return: 5, steps: 3, frames: 6, truncated: false });
    const last = s.trainer.steps[2]!.step;
    assert.equal(last.terminated[0], 1);
    assert.equal(last.truncated[0], 0);
    assert.equal(s.source.resets, 1);
    // No action asked at the done frame; frame 7 opens episode 2 at once; 9 is its next decision.
    assert.equal(s.trainer.acts.length, 5);
    assert.equal(s.trainer.steps.length, 4);
    assert.equal(s.trainer.steps[3]!.step.terminated[0], 0);
    assert.equal(s.acted.length, 9, 'the game keeps getting an action across the episode boundary');
  });

  test('a done() that stays true waits for the game to restart; endEpisode() ends at the next frame', async () => {
    let over = false;
    const s = setup({ done: () => over });
    await s.run(3);
    over = true;
    await s.run(3); // ends once, then waits
    assert.equal(s.episodes.length, 1);
    assert.equal(s.trainer.acts.length, 3);
    over = false;
    await s.run(2);
    s.loop.endEpisode();
    await s.run(1);
    assert.equal(s.episodes.length, 2);
    assert.deepEqual(s.episodes.map((e) => e.truncated), [false, false]);
    assert.equal(s.trainer.steps.at(-1)!.step.terminated[0], 1);
  });

  test('maxStep truncates after that many decisions (truncated, not terminal)', async () => {
    const s = setup({ decisionPeriod: 2, maxStep: 3 });
    await s.run(7);
    assert.equal(s.episodes.length, 1);
    assert.deepEqual(s.episodes[0], { player: 0, return: 0, steps: 3, frames: 7, truncated: true });
    const last = s.trainer.steps[2]!.step;
    assert.deepEqual([last.terminated[0], last.truncated[0]], [0, 1]);
  });

  test('inference: a late answer is applied when it arrives; older answers are ignored', async () => {
    const s = setup({ mode: 'inference' }, new FakeTrainer(false));
    await s.run(1);
    s.trainer.acts[0]!.answer(2);
    await flush();
    assert.deepEqual(s.acted, [[2, 'stay']], 'an answer calls act at once');
    await s.run(1); // decision 2 asked; not answered
    await s.run(1); // decision 3 closes decision 2's window: late
    assert.equal(s.loop.counters.late, 1);
    s.trainer.acts[2]!.answer(0);
    s.trainer.acts[1]!.answer(1); // older than the applied answer: ignored
    await flush();
    assert.equal(s.acted.at(-1)![0], 0);
    assert.equal(s.loop.counters.answers, 2);
  });

  test('learning: a window is closed only once its answer arrived, so a step records the action chosen for its observation', async () => {
    const s = setup({ reward: () => 1 }, new FakeTrainer(false));
    await s.run(1);
    s.trainer.acts[0]!.answer(2);
    await flush();
    await s.run(1); // decision 2 asked; not answered
    await s.run(2); // decision 3 waits for it, the game keeps action 2
    assert.deepEqual([s.trainer.acts.length, s.loop.counters.waited, s.loop.counters.late], [2, 2, 0]);
    s.trainer.acts[1]!.answer(1);
    await flush();
    await s.run(1);
    assert.deepEqual(s.trainer.steps.map(({ step }) => [step.observations[0], step.actions[0], step.rewards[0]]), [[1, 2, 1], [2, 1, 3]]);
    // An act that fails frees the window: the previous action goes on and nothing waits for it.
    s.trainer.acts[2]!.fail(new Error('lost'));
    await flush();
    await s.run(1);
    assert.equal(s.trainer.steps.at(-1)!.step.actions[0], 1);
    assert.equal((s.errors[0] as Error).message, 'lost');
  });

  test('beyond maxInFlight pending calls a due decision waits (backpressure), and says so when it is taken', async () => {
    const waits: { frames: number; pending: number }[] = [];
    const s = setup({ mode: 'inference', maxInFlight: 2 }, new FakeTrainer(false));
    s.loop['handlers'].onBackpressure = (info) => waits.push(info);
    await s.run(2); // decisions 1 and 2 asked, neither answered
    await s.run(4); // frames 3..6: decision 3 waits
    assert.equal(s.trainer.acts.length, 2);
    assert.deepEqual([s.loop.counters.waited, s.loop.counters.stalls, s.loop.counters.dropped], [4, 1, 0]);
    assert.deepEqual(waits, []);
    s.trainer.acts[1]!.answer(1);
    await flush();
    await s.run(1); // frame 7: one call pending, the waiting decision is taken
    assert.deepEqual(waits, [{ frames: 4, pending: 2 }]);
    assert.equal(s.trainer.acts.length, 3);
  });

  test("'inference' acts greedily and never observes; 'heuristic' plays heuristic() without the trainer", async () => {
    const inf = setup({ mode: 'inference' });
    await inf.run(4);
    assert.equal(inf.trainer.steps.length, 0);
    assert.ok(inf.trainer.acts.length === 4 && inf.trainer.acts.every((c) => c.options.explore === false));

    const heur = setup({ mode: 'heuristic', heuristic: () => 2 });
    await heur.run(4);
    assert.equal(heur.trainer.acts.length + heur.trainer.steps.length, 0);
    assert.deepEqual(heur.acted.map(([a]) => a), [2, 2, 2, 2]);

    const learn = setup({ mode: 'heuristic', heuristic: () => 0, learnFromHeuristic: true, reward: () => 1 });
    await learn.run(4);
    assert.equal(learn.trainer.acts.length, 0);
    assert.deepEqual(learn.trainer.steps.map(({ step }) => [step.actions[0], step.rewards[0]]), [[0, 1], [0, 1], [0, 1]]);
    const bad = setup({ mode: 'heuristic', heuristic: () => 7 });
    bad.loop.tick();
    assert.ok(bad.errors[0] instanceof AgentCallbackError && /heuristic\(0\) gave action 7/.test(bad.errors[0].message));
  });

  test('action masks go with the action request and with the step', async () => {
    const s = setup({ actionMask: () => [true, false, true] });
    await s.run(2);
    assert.deepEqual(Array.from(s.trainer.acts[0]!.masks!), [1, 0, 1]);
    assert.deepEqual(Array.from(s.trainer.steps[0]!.step.actionMasks!), [1, 0, 1]);
    const bad = setup({ actionMask: () => [false, false, false] });
    bad.loop.tick();
    assert.ok(bad.errors[0] instanceof AgentCallbackError && /actionMask\(0\) must allow at least one/.test(bad.errors[0].message));
    assert.equal(bad.trainer.acts.length, 0, 'no decision without a mask');
  });

  test('training reports and errors are passed on', async () => {
    const trainer = new FakeTrainer();
    trainer.report = { loss: 0.5, updates: 1, skipped: 0, extra: {} };
    const s = setup({}, trainer);
    await s.run(3);
    assert.deepEqual(s.trains.map((t) => t.step), [1, 2]);
    trainer.auto = false;
    await s.run(1);
    trainer.acts.at(-1)!.fail(new Error('boom'));
    await flush();
    assert.equal((s.errors[0] as Error).message, 'boom');
  });

  test('after stop() ticks do nothing and pending answers are ignored', async () => {
    const s = setup({ mode: 'inference' }, new FakeTrainer(false));
    await s.run(1);
    s.loop.stop();
    s.trainer.acts[0]!.answer(1);
    await s.run(3);
    assert.deepEqual(s.acted, []);
    assert.equal(s.trainer.acts.length, 1);
  });

  test('a lost trainer stops act, or hands play to the heuristic', async () => {
    const s = setup();
    await s.run(2);
    s.loop.trainerLost();
    const before = s.acted.length;
    await s.run(3);
    assert.equal(s.acted.length, before, 'no act after the worker is gone without a heuristic');

    const h = setup({ heuristic: () => 0 });
    await h.run(2);
    h.loop.trainerLost();
    const calls = h.trainer.acts.length;
    await h.run(3);
    assert.equal(h.trainer.acts.length, calls);
    assert.deepEqual(h.acted.slice(-3).map(([a]) => a), [0, 0, 0]);
  });

  test('timing.captureMs counts the time spent reading observations, from zero, and only at decisions', async () => {
    const s = setup({ decisionPeriod: 4 });
    assert.equal(s.loop.timing.captureMs, 0);
    // Each read now takes at least 2 ms (a busy wait): the decisions' reads must show in captureMs.
    const read = s.source.read.bind(s.source);
    s.source.read = () => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      return read();
    };
    await s.run(3); // one decision (frame 1): one read
    assert.equal(s.source.reads, 1);
    const one = s.loop.timing.captureMs;
    assert.ok(one >= 2, `captureMs ${one} after one 2 ms read`);
    await s.run(6); // decisions at frames 5 and 9
    assert.equal(s.source.reads, 3);
    assert.ok(s.loop.timing.captureMs >= one + 4, `captureMs ${s.loop.timing.captureMs} after three reads`);
  });

  test('attach options are checked, every problem named', () => {
    assert.throws(
      () => resolveAttachOptions({ act: 3 as never, decisionPeriod: 0, mode: 'heuristic' }, 4),
      (e: unknown) => e instanceof AgentError && /4 problems/.test(e.message) && /decisionPeriod/.test(e.message) && /heuristic/.test(e.message) && /observe/.test(e.message),
    );
  });
});
