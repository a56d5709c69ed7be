/**
 * Nothing lost, nothing thrown into the game: with a deliberately slow trainer on real timers
 * every step is observed (the decision waits instead of being dropped, and says so); game
 * callbacks that throw or return NaN are 'error's naming the callback while the game runs on;
 * stopping mid-episode observes the open step as truncated and reports the episode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionBatch, StepBatch, TrainReport } from '../../src/algorithm/algorithm';
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { resolveAttachOptions, type AttachOptions } from '../../src/attach/attach_options';
import { AgentCallbackError } from '../../src/util/errors';
import { DecisionLoop, type BackpressureInfo, type TrainerPort } from '../../src/attach/decision_loop';
import { CountingSource, FakeTrainer, flush } from './fakes';

const NAMES = ['left', 'right', 'stay'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A trainer that runs its calls one at a time on real timers, as the worker's Trainer does: an act
 * takes 1 ms, an observe 1 ms, and every `every`-th observe runs a `roundMs` training round that
 * holds up every call behind it (a PPO round blocking the queue).
 */
class SlowTrainer implements TrainerPort {
  readonly steps: { step: StepBatch; frame: number }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly roundMs: number, private readonly every: number) {}
  private serial<T>(ms: number, fn: () => T): Promise<T> {
    const run = this.queue.then(() => sleep(ms)).then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
  act(obs: Uint8Array | Float32Array): Promise<ActionBatch> {
    return this.serial(1, () => Int32Array.of(obs[0]! % 3));
  }
  observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    this.steps.push({ step, frame });
    const round = this.steps.length % this.every === 0;
    return this.serial(round ? this.roundMs : 1, () => (round ? { loss: 0, updates: 1, skipped: 0, extra: {} } : null));
  }
}

function loopWith(trainer: TrainerPort, options: Partial<AttachOptions>) {
  const errors: unknown[] = [];
  const episodes: Omit<EpisodeInfo, 'episode'>[] = [];
  const waits: BackpressureInfo[] = [];
  const acted: number[] = [];
  const source = new CountingSource();
  let frame = 0;
  const loop = new DecisionLoop(trainer, [source], resolveAttachOptions({ act: (a) => acted.push(a), ...options }, null), NAMES, {
    countSteps: (n) => (frame += n),
    onTrain: () => undefined,
    onEpisode: (e) => episodes.push(e),
    onError: (e) => errors.push(e),
    onBackpressure: (w) => waits.push(w),
  });
  return { loop, source, errors, episodes, waits, acted };
}

test('a slow trainer in real time: every step is observed, in order, with every frame of reward; the waits are counted and reported', async () => {
  const trainer = new SlowTrainer(40, 8);
  const s = loopWith(trainer, { reward: () => 1, maxInFlight: 2 });
  for (let f = 0; f < 150; f++) {
    s.loop.tick(); // the game's frame never waits for the trainer
    await sleep(2);
  }
  s.loop.stop();
  await s.loop.settled();
  const steps = trainer.steps.map(({ step }) => step);
  // Contiguous: step k acted on read k+1 and ended on read k+2; no observation is skipped.
  steps.forEach((step, k) => {
    assert.equal(step.observations[0], k + 1, `step ${k} starts where step ${k - 1} ended`);
    if (k + 1 < steps.length) assert.equal(step.nextObservations[0], k + 2);
  });
  // Every frame's reward after the first (which opens the episode) is in exactly one step.
  const total = steps.reduce((sum, step) => sum + step.rewards[0]!, 0);
  assert.equal(total, s.loop.counters.frames - 1);
  assert.equal(steps.at(-1)!.truncated[0], 1, 'stop() closed the open step as truncated');
  assert.deepEqual(trainer.steps.map((x) => x.frame), steps.map((_, k) => k + 1), 'one frame per step of one player');
  const c = s.loop.counters;
  assert.deepEqual([c.dropped, c.late], [0, 0], 'no step dropped, none labelled with an action chosen for another observation');
  assert.ok(c.stalls > 0 && c.waited >= c.stalls, JSON.stringify(c));
  assert.equal(s.waits.length, c.stalls, 'each wait is reported once');
  assert.equal(s.waits.reduce((n, w) => n + w.frames, 0), c.waited);
  assert.ok(s.waits.every((w) => w.pending >= 1));
  assert.equal(c.observed, steps.length);
  assert.deepEqual(s.errors, []);
  console.log(`slow trainer: ${c.frames} frames, ${c.decisions} decisions, ${c.observed} steps, ${c.stalls} waits over ${c.waited} frames, ${c.late} late answers`);
});

test('reward(), done(), observe(), actionMask(), heuristic() and act() that throw, and NaN rewards, are errors naming the callback; the frame is skipped and the game runs on', async () => {
  let f = 0;
  const failAt: Record<string, number> = { reward: 3, nan: 5, done: 7, observe: 9, actionMask: 11, act: 13 };
  const acted: number[] = [];
  const boom = (what: string): void => {
    if (f === failAt[what]) throw new Error(`${what} broke`);
  };
  const s = loopWith(new FakeTrainer(), {
    reward: () => {
      boom('reward');
      return f === failAt['nan'] ? Number.NaN : 1;
    },
    done: () => (boom('done'), false),
    actionMask: () => (boom('actionMask'), [true, true, true]),
    act: (a) => {
      acted.push(a);
      boom('act');
    },
  });
  s.source.read = ((read) => () => (boom('observe'), read()))(s.source.read.bind(s.source));
  for (f = 1; f <= 14; f++) {
    s.loop.tick();
    await flush();
  }
  const named = s.errors.map((e) => (e instanceof AgentCallbackError ? `${e.callback}(${e.player})` : String(e)));
  assert.deepEqual(named, ['reward(0)', 'reward(0)', 'done(0)', 'observe(0)', 'actionMask(0)', 'act(0)']);
  assert.match((s.errors[1] as Error).message, /reward\(0\) must return a finite number \(got NaN\)/);
  assert.match((s.errors[0] as Error).message, /reward\(0\) threw: reward broke/);
  assert.equal((s.errors[0] as AgentCallbackError).code, 'AGENT_CALLBACK');
  const c = s.loop.counters;
  assert.equal(c.skipped, 3, 'frames 3, 5 and 7 were skipped');
  assert.equal(c.callbackErrors, 6);
  // Frames 9 and 11 could not decide (observation, mask); each decided at the next frame.
  assert.equal(c.decisions, 14 - 3 - 2);
  assert.equal(acted.length, 14, 'act is still called every frame');

  const h = loopWith(new FakeTrainer(), { mode: 'heuristic', heuristic: () => (f === 3 ? (() => { throw new Error('no'); })() : f === 4 ? 9 : 1) });
  for (f = 1; f <= 5; f++) h.loop.tick();
  assert.deepEqual(h.errors.map((e) => (e as AgentCallbackError).callback), ['heuristic', 'heuristic']);
  assert.match((h.errors[1] as Error).message, /heuristic\(0\) gave action 9/);
  assert.deepEqual(h.acted, [1, 1, 1, 1, 1], 'a failed heuristic keeps the previous action');
});

test('stop() mid-episode observes the open step as truncated and reports the episode; a pending done() makes it terminal', async () => {
  const trainer = new FakeTrainer();
  const s = loopWith(trainer, { reward: () => 1, decisionPeriod: 2 });
  for (let f = 0; f < 4; f++) {
    s.loop.tick();
    await flush();
  }
  s.loop.stop();
  s.loop.stop();
  const last = trainer.steps.at(-1)!.step;
  assert.deepEqual([last.terminated[0], last.truncated[0]], [0, 1]);
  assert.equal(last.rewards[0], 1, 'the frame since the last decision');
  assert.equal(last.nextObservations[0], last.observations[0], 'nothing can be read: the last observation is repeated');
  assert.deepEqual(s.episodes, [{ player: 0, return: 3, steps: 2, frames: 4, truncated: true }]);

  const t2 = new FakeTrainer();
  const p = loopWith(t2, {});
  p.loop.tick();
  await flush();
  p.loop.endEpisode();
  p.loop.stop();
  assert.deepEqual([t2.steps.at(-1)!.step.terminated[0], t2.steps.at(-1)!.step.truncated[0]], [1, 0]);
  assert.equal(p.episodes[0]!.truncated, false);

  // Between episodes (a game-over screen) nothing is open: nothing to close.
  const t3 = new FakeTrainer();
  let over = false;
  const w = loopWith(t3, { done: () => over });
  w.loop.tick();
  over = true;
  await flush();
  w.loop.tick();
  w.loop.tick();
  w.loop.stop();
  assert.equal(w.episodes.length, 1);
  assert.equal(t3.steps.length, 1);
});

test('done() read between renders: a flag seen only in the update phase ends the episode; a flag held from one update() to the next ends it once', async () => {
  // Two players, so an episode end restarts at once and a second (wrong) end would show.
  const flags = [false, false];
  const trainer = new FakeTrainer();
  trainer.envs = 2;
  const episodes: Omit<EpisodeInfo, 'episode'>[] = [];
  const loop = new DecisionLoop(trainer, [new CountingSource(), new CountingSource()], resolveAttachOptions({ act: () => undefined, done: (p) => flags[p]! }, null), NAMES, {
    countSteps: (n) => n,
    onTrain: () => undefined,
    onEpisode: (e) => episodes.push(e),
    onError: (e) => assert.fail(String(e)),
  });
  /** One Phaser frame: physics on 'update' (sample), the scene's update(), 'postupdate' (sample), render (tick). */
  const frame = async (physics: () => void, update: () => void): Promise<void> => {
    physics();
    loop.sample();
    update();
    loop.sample();
    loop.tick();
    await flush();
  };
  const none = (): void => undefined;
  await frame(none, none);
  // Player 0: a collider sets the flag, update() clears it in the same frame.
  await frame(() => (flags[0] = true), () => (flags[0] = false));
  assert.deepEqual(episodes.map((e) => e.player), [0]);
  // Player 1: update() sets the flag (and restarts the round); the next update() clears it.
  await frame(none, () => (flags[1] = true));
  await frame(none, () => (flags[1] = false));
  await frame(none, none);
  assert.deepEqual(episodes.map((e) => [e.player, e.truncated]), [[0, false], [1, false]]);
  assert.deepEqual(trainer.steps.map(({ step }) => Array.from(step.terminated)), [[1, 0], [0, 1], [0, 0], [0, 0]]);
});

test('a training round run by a step sent before stop() (the closing step included) is still reported', async () => {
  const trainer = new FakeTrainer();
  trainer.report = { loss: 1, updates: 1, skipped: 0, extra: {} };
  const trains: number[] = [];
  const loop = new DecisionLoop(trainer, [new CountingSource()], resolveAttachOptions({ act: () => undefined }, null), NAMES, {
    countSteps: (n) => n,
    onTrain: (t) => trains.push(t.step),
    onEpisode: () => undefined,
    onError: (e) => assert.fail(String(e)),
  });
  loop.tick();
  await flush();
  loop.stop();
  await loop.settled();
  assert.equal(trainer.steps.length, 1);
  assert.deepEqual([trains.length, loop.counters.trainRounds], [1, 1]);
});
