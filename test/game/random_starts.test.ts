/**
 * Random starts in the fast mode (random_starts.ts, copy_starts.ts), on copies of a rally scene
 * stepped by a Phaser-shaped fake in Node, with an agent behind a real Trainer: each copy's
 * episodes begin after 0..K no-op decisions drawn from a stream seeded by the run's seed, the copy
 * and the episode; the copy is stepped alone meanwhile, so every agent step still spans exactly one
 * decision period of its copy's frames, no step spans a start, and the starts' rewards reach no
 * step; the entry's reset(scene, rng) runs once per episode start of each copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GameCopies } from '../../src/game/game_copies';
import { drawNoops, resolveStarts, startStream } from '../../src/game/random_starts';
import { runCopies, type CopiesRun } from '../../src/game/run_copies';
import { trainGame } from '../../src/game/train_game';
import { AgentError } from '../../src/util/errors';
import { FAKE_PHASER, PARENT, PERIOD, rallyAgent, rallyEntry, recordingReset, RallyScene, type FrameLog } from './fake_copies';
import type { StepBatch } from '../../src/algorithm/algorithm';
import type { TrainingEntry } from '../../src/game/training_entry';

const COPIES = 3;
const NOOPS = 5;
const STEPS = 60; // decisions per copy observed

interface Played {
  run: CopiesRun;
  logs: FrameLog[][];
  resets: number[][];
  /** The steps sent, the last one (the open episodes closed at detach, no frame read after it) left out. */
  batches: StepBatch[];
  commonFrames: number;
  episodesPerCopy: number[];
}

/** Trains on COPIES rally copies with random starts of up to `noops` no-ops, until STEPS decisions were observed. */
async function play(seed: number, noops: number | false, more: Partial<TrainingEntry<RallyScene>> = {}, sticky = 0): Promise<Played> {
  RallyScene.clock = true;
  const entry = rallyEntry(more);
  const { agent, trainer } = await rallyAgent(COPIES);
  const episodesPerCopy = new Array<number>(COPIES).fill(0);
  agent.on('episode', (e) => episodesPerCopy[e.player]!++);
  const copies = await GameCopies.start(FAKE_PHASER, entry, COPIES, seed, PARENT);
  try {
    const starts = resolveStarts(noops === false ? false : { noops }, entry, agent.actions, 'test');
    const run = await runCopies(agent, copies, entry, 'train', (c) => c.observed >= STEPS, undefined, { starts, sticky, seed });
    return {
      run,
      logs: copies.scenes.map((s) => [...s.log]),
      resets: copies.scenes.map((s) => [...s.resets]),
      batches: trainer.batches.slice(0, -1),
      commonFrames: copies.frames,
      episodesPerCopy,
    };
  } finally {
    copies.destroy();
    await agent.dispose();
  }
}

/** Player i's [frame, roundFrame] in a batch's observations and next observations. */
const at = (xs: Float32Array | Uint8Array, i: number): number => xs[2 * i]!;

const seven = play(7, NOOPS);

test('no-op counts are drawn per copy and episode from the seed, and a run with the same seed replays exactly', async () => {
  const a = await seven;
  const b = await play(7, NOOPS);
  const other = await play(8, NOOPS);
  assert.deepEqual(b.run.noops, a.run.noops, 'same seed, same no-op counts');
  assert.deepEqual(b.logs, a.logs, 'same seed, every frame of every copy the same');
  assert.notDeepEqual(other.run.noops, a.run.noops, 'another seed, other counts');
  a.run.noops.forEach((counts, copy) => {
    assert.equal(counts.length, a.episodesPerCopy[copy], 'one start per episode');
    counts.forEach((n, episode) => assert.equal(n, drawNoops(startStream(7, copy, episode), NOOPS)));
    assert.ok(counts.every((n) => n >= 0 && n <= NOOPS));
  });
  assert.notDeepEqual(a.run.noops[0], a.run.noops[1], 'copies draw their own counts');
  assert.ok(a.run.noopFrames > 0);
});

test('every agent step spans one decision period of its copy: none spans a no-op start, and the copies keep their common decision period', async () => {
  const a = await seven;
  assert.ok(a.batches.length >= STEPS);
  // All copies decide together every PERIOD common frames (the first decision at frame 1).
  assert.equal(a.commonFrames, 1 + (a.run.counters.decisions - 1) * PERIOD);
  for (let i = 0; i < COPIES; i++) {
    let alone = 0;
    let prevNext: number | null = null;
    let prevEnded = false;
    for (const b of a.batches) {
      const from = at(b.observations, i);
      const to = at(b.nextObservations, i);
      assert.equal(to - from, PERIOD, `copy ${i}: a step from frame ${from} to ${to}`);
      if (prevNext !== null) {
        // Within an episode a step starts where the last one ended; after an episode end, after the copy's no-op frames.
        if (prevEnded) alone += from - prevNext;
        else assert.equal(from, prevNext, `copy ${i}: a gap of ${from - prevNext} frames inside an episode`);
      }
      prevNext = to;
      prevEnded = b.terminated[i] === 1 || b.truncated[i] === 1;
    }
    // The frames copy i was stepped alone are exactly the gaps between its episodes (the last start may still be open).
    const ownFrames = a.logs[i]!.length;
    assert.ok(ownFrames - a.commonFrames >= alone, `copy ${i}: ${ownFrames - a.commonFrames} frames alone, ${alone} between episodes`);
  }
  assert.ok(a.logs.some((log) => log.length > a.commonFrames), 'some copy was stepped alone');
});

test("the rewards of a start's no-op frames reach no step, and its frames play the no-op action", async () => {
  const a = await seven;
  // The rally pays 1 a frame: a step's reward is exactly its PERIOD frames, never a start's frames.
  for (const b of a.batches) assert.deepEqual([...b.rewards], new Array<number>(COPIES).fill(PERIOD));
  // A start's frames (between a step's next observation and the next episode's first) play 'stay' (1).
  for (let i = 0; i < COPIES; i++) {
    let prevNext: number | null = null;
    let prevEnded = false;
    for (const b of a.batches) {
      const from = at(b.observations, i);
      if (prevEnded && prevNext !== null && from > prevNext) {
        const gap = a.logs[i]!.filter((f) => f.frame > prevNext! + 1 && f.frame <= from);
        assert.ok(gap.every((f) => f.action === 1), `copy ${i}: a no-op frame played ${JSON.stringify(gap)}`);
      }
      prevNext = at(b.nextObservations, i);
      prevEnded = b.terminated[i] === 1 || b.truncated[i] === 1;
    }
  }
});

test('a game over during the no-ops ends them there: the episode starts from that frame', async () => {
  // Up to 8 no-ops of 3 frames = 24 frames, longer than a 12-frame round: some starts meet a game over.
  const a = await play(3, 8);
  const long = a.run.noops.flat().filter((n) => n * PERIOD >= 12).length;
  assert.ok(long > 0, 'some start is longer than a round');
  assert.ok(a.run.noopFrames < a.run.noops.flat().reduce((s, n) => s + n * PERIOD, 0), 'the long starts were cut at the game over');
});

test('reset(scene, rng) runs once per episode start of each copy, with a stream of its own per copy and episode', async () => {
  for (const noops of [0, NOOPS]) {
    const a = await play(11, noops, { reset: recordingReset });
    for (let c = 0; c < COPIES; c++) {
      assert.equal(a.resets[c]!.length, a.episodesPerCopy[c], `copy ${c}: one reset per episode (noops ${noops})`);
      // The stream: the no-op count is its first draw (none when noops is 0), then what reset() draws.
      a.resets[c]!.forEach((u, e) => {
        const rng = startStream(11, c, e);
        drawNoops(rng, noops);
        assert.equal(u, rng.uniform());
      });
    }
    assert.notEqual(a.resets[0]![0], a.resets[1]![0], 'copies get different streams');
    assert.notEqual(a.resets[0]![0], a.resets[0]![1], 'episodes get different streams');
  }
  const off = await play(11, false, { reset: recordingReset });
  assert.deepEqual(off.resets, [[], [], []], 'random starts off: reset is not called');
  assert.equal(off.run.noopFrames, 0);
  assert.ok(off.logs.every((log) => log.length === off.commonFrames), 'random starts off: no copy is stepped alone');
});

test('random starts need a no-op action: found by name, named by the entry, else a clear AgentError; trainGame checks its options', async () => {
  const entry = rallyEntry();
  assert.deepEqual(resolveStarts({}, entry, ['left', 'stay', 'right'], 't'), { noops: 30, noopAction: 1 });
  assert.deepEqual(resolveStarts({}, entry, ['Idle', 'go'], 't'), { noops: 30, noopAction: 0 });
  assert.deepEqual(resolveStarts({}, rallyEntry({ noop: 'right' }), ['left', 'stay', 'right'], 't'), { noops: 30, noopAction: 2 });
  assert.deepEqual(resolveStarts({}, rallyEntry({ noopMax: 4 }), ['left', 'stay', 'right'], 't'), { noops: 4, noopAction: 1 });
  assert.deepEqual(resolveStarts({ noops: 0 }, entry, ['left', 'right'], 't'), { noops: 0, noopAction: null });
  assert.equal(resolveStarts(false, entry, ['left', 'right'], 't'), null);
  assert.throws(() => resolveStarts({}, entry, ['left', 'right'], 'playGame'), (e: unknown) => {
    assert.ok(e instanceof AgentError);
    assert.match((e as Error).message, /^playGame: random starts play up to 30 no-op decisions.*names no no-op action \(actions: left, right; none is called noop, none, stay, idle\): name the action that does nothing with `noop: 'name'`/);
    assert.match((e as Error).message, /--no-random-starts/);
    return true;
  });
  const { agent } = await rallyAgent(1);
  try {
    await assert.rejects(trainGame(entry, {}, { agent, envs: 1, phaser: FAKE_PHASER, parent: PARENT, randomStarts: { noops: -1, max: 3 } as never, stickyActions: 1 }), (e: unknown) => {
      const m = (e as Error).message;
      assert.match(m, /^trainGame: 3 problems in options/);
      assert.match(m, /randomStarts\.noops must be an integer >= 0 \(got -1\)/);
      assert.match(m, /randomStarts\.max: unknown key/);
      assert.match(m, /stickyActions must be a probability in \[0, 1\) \(got 1\)/);
      return true;
    });
    for (const seconds of [0, -1, Infinity, NaN]) {
      await assert.rejects(trainGame(entry, {}, { agent, envs: 1, phaser: FAKE_PHASER, parent: PARENT, seconds }), new RegExp(`seconds must be a positive number \\(got ${seconds}\\)`));
    }
  } finally {
    await agent.dispose();
  }
});

test('sticky actions in a run: about the given share of frames keep the previous action', async () => {
  const a = await play(5, false, {}, 0.5);
  const acted = a.logs.reduce((s, log) => s + log.length - 1, 0); // an action every frame after the first decision
  assert.ok(Math.abs(a.run.stickyFrames / acted - 0.5) < 0.06, `${a.run.stickyFrames} of ${acted} frames kept`);
  assert.equal((await seven).run.stickyFrames, 0, 'off by default');
});

test('trainGame trains without random starts by default, step for step as before; randomStarts: {} turns them on', async () => {
  const run = async (options: { randomStarts?: object | false }) => {
    RallyScene.clock = true;
    const { agent, trainer } = await rallyAgent(2);
    try {
      const r = await trainGame(rallyEntry(), {}, { agent, envs: 2, steps: 40, seed: 4, phaser: FAKE_PHASER, parent: PARENT, ...options });
      return { r, batches: trainer.batches };
    } finally {
      await agent.dispose();
    }
  };
  const byDefault = await run({});
  assert.equal(byDefault.r.randomStarts, false);
  assert.equal(byDefault.r.stickyActions, 0);
  // Off: every copy's steps are back to back, frame after frame, from frame 1 (no frame stepped alone).
  for (let i = 0; i < 2; i++) {
    const froms = byDefault.batches.map((b) => at(b.observations, i));
    assert.deepEqual(froms, froms.map((_, k) => 1 + k * PERIOD));
  }
  const on = await run({ randomStarts: {} });
  assert.deepEqual(on.r.randomStarts, { noops: 30 });
  assert.notDeepEqual(on.batches.map((b) => at(b.observations, 0)), byDefault.batches.map((b) => at(b.observations, 0)));
});
