/**
 * An episode cut by attach's maxStep restarts the copy's scene (the training entry's onCut,
 * default 'restart'; src/game/copy_restart.ts): the next episode's first observation is the
 * round's start, as a Gymnasium env resets after truncation, while an episode the game ended goes
 * on with the game's own restart. 'continue' begins the next episode where the cut left the game.
 * An episode the game ended while the game goes on (a lost life of a longer game) restarts the
 * scene only with onDone: 'restart'. On copies of the Phaser-shaped rally fake in Node (a round
 * of 12 frames, a decision every 3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GameCopies } from '../../src/game/game_copies';
import { resolveStarts } from '../../src/game/random_starts';
import { runCopies, type CopiesRun } from '../../src/game/run_copies';
import { checkTrainingEntry, type TrainingEntry } from '../../src/game/training_entry';
import { AgentError } from '../../src/util/errors';
import { FAKE_PHASER, PARENT, rallyAgent, rallyEntry, RallyScene } from './fake_copies';

const COPIES = 2;
const STEPS = 30;

/** The round's frame in each episode's first observation, per copy, and the run. */
async function firstFrames(more: Partial<TrainingEntry<RallyScene>>, maxStep: number, noops: number | false = false, ownRestart = true): Promise<{ firsts: number[][]; run: CopiesRun; restarts: number[] }> {
  RallyScene.clock = true;
  RallyScene.ownRestart = ownRestart;
  const entry = rallyEntry({ attach: (s) => ({ ...rallyEntry().attach(s, 0), maxStep }), ...more });
  const { agent, trainer } = await rallyAgent(COPIES);
  const copies = await GameCopies.start(FAKE_PHASER, entry, COPIES, 3, PARENT);
  try {
    const starts = noops === false ? null : resolveStarts({ noops }, entry, agent.actions, 'test');
    const run = await runCopies(agent, copies, entry, 'train', (c) => c.observed >= STEPS, undefined, { starts, sticky: 0, seed: 3 });
    const firsts: number[][] = Array.from({ length: COPIES }, () => []);
    let open = new Array<boolean>(COPIES).fill(false);
    for (const b of trainer.batches) {
      for (let i = 0; i < COPIES; i++) {
        if (!open[i]) firsts[i]!.push(b.observations[2 * i + 1]!);
        open[i] = !(b.terminated[i] === 1 || b.truncated[i] === 1);
      }
    }
    return { firsts, run, restarts: copies.scenes.map((s) => s.restarts) };
  } finally {
    copies.destroy();
    await agent.dispose();
    RallyScene.ownRestart = true;
  }
}

test('after a cut the copy restarts: every episode begins at the round start (the default, onCut: restart)', async () => {
  // maxStep 2: each episode is cut after 2 decisions (6 frames), before the round's game over at frame 11.
  const { firsts, run, restarts } = await firstFrames({}, 2);
  for (let i = 0; i < COPIES; i++) {
    assert.ok(firsts[i]!.length >= 5, `copy ${i}: episodes ${firsts[i]!.length}`);
    assert.deepEqual(firsts[i], firsts[i]!.map(() => 0), `copy ${i}: first observations' round frames`);
  }
  assert.equal(run.restarts, restarts.reduce((s, n) => s + n, 0));
  assert.ok(run.restarts >= COPIES * 4, `restarts ${run.restarts}`);
});

test("onCut: 'continue' begins the next episode where the cut left the game", async () => {
  const { firsts, run, restarts } = await firstFrames({ onCut: 'continue' }, 2);
  assert.equal(run.restarts, 0);
  assert.deepEqual(restarts, [0, 0]);
  // Rounds of 12 frames run on through the cuts: episodes begin at round frames 0, 6, 0, 6 ...
  for (let i = 0; i < COPIES; i++) assert.ok(firsts[i]!.some((f) => f !== 0), `copy ${i}: ${firsts[i]!.join(',')}`);
});

test('an episode the game ended is not restarted by the harness; with random starts the restart comes before reset() and the no-ops', async () => {
  // maxStep 100: no cut; the round's own game over ends every episode.
  const ended = await firstFrames({}, 100);
  assert.equal(ended.run.restarts, 0);
  const starts = await firstFrames({ reset: (s) => (s.startAt = 0) }, 2, 2);
  assert.ok(starts.run.restarts > 0);
  // Each episode's first observation: the restarted round, then 0..2 no-op decisions of 3 frames (the restart's own frame counts as the round's first).
  for (const f of starts.firsts.flat()) assert.ok([0, 3, 6].includes(f), `round frame ${f}`);
});

test('a scene without scene.restart() stops the run at the first cut with an AgentError naming onCut', async () => {
  class NoRestart extends RallyScene {
    override readonly scene = undefined as unknown as RallyScene['scene'];
  }
  await assert.rejects(firstFrames({ scene: NoRestart }, 2), (e: Error) => e instanceof AgentError && /scene\.restart\(\)/.test(e.message) && /onCut: 'continue'/.test(e.message));
});

test("a game that goes on after its game over: onDone 'restart' begins every episode at the round start, 'continue' (the default) where the game went on", async () => {
  // maxStep 100: no cut; a game over every 12 frames, and the round's frames go on counting.
  for (const more of [{}, { onDone: 'continue' as const }]) {
    const { firsts, run, restarts } = await firstFrames(more, 100, false, false);
    assert.equal(run.restarts, 0);
    assert.deepEqual(restarts, [0, 0]);
    for (let i = 0; i < COPIES; i++) {
      assert.ok(firsts[i]!.length >= 2, `copy ${i}: episodes ${firsts[i]!.length}`);
      assert.ok(firsts[i]!.slice(1).every((f) => f > 0), `copy ${i}: ${firsts[i]!.join(',')}`);
    }
  }
  const { firsts, run, restarts } = await firstFrames({ onDone: 'restart' }, 100, false, false);
  for (let i = 0; i < COPIES; i++) {
    assert.ok(firsts[i]!.length >= 2, `copy ${i}: episodes ${firsts[i]!.length}`);
    assert.deepEqual(firsts[i], firsts[i]!.map(() => 0), `copy ${i}: first observations' round frames`);
  }
  // One restart per episode after each copy's first (the first begins where the game booted).
  assert.equal(run.restarts, restarts.reduce((s, n) => s + n, 0));
  assert.equal(run.restarts, firsts.reduce((s, f) => s + f.length - 1, 0));
});

test('a scene without scene.restart() stops the run at the first game over with an AgentError naming onDone', async () => {
  class NoRestart extends RallyScene {
    override readonly scene = undefined as unknown as RallyScene['scene'];
  }
  await assert.rejects(firstFrames({ scene: NoRestart, onDone: 'restart' }, 100, false, false), (e: Error) => e instanceof AgentError && /an episode the game ended/.test(e.message) && /onDone: 'continue'/.test(e.message));
});

test('the entry checker takes onCut and onDone restart or continue and names anything else', () => {
  for (const v of ['restart', 'continue'] as const) {
    checkTrainingEntry(rallyEntry({ onCut: v }));
    checkTrainingEntry(rallyEntry({ onDone: v }));
  }
  assert.throws(() => checkTrainingEntry(rallyEntry({ onCut: 'reset' as never })), /onCut must be 'restart' or 'continue' \(got string reset\)/);
  assert.throws(() => checkTrainingEntry(rallyEntry({ onDone: true as never })), /onDone must be 'restart' or 'continue' \(got boolean true\)/);
});
