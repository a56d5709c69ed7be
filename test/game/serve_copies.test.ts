/**
 * The served copies (src/game/serve_copies.ts) against the decision loop that `train --game` runs
 * (runCopies with an agent): given the same actions, each env's transitions (observation, action,
 * reward, terminated, truncated, next observation) are the same, frame for frame: the rally's
 * observation carries its copy's own frame number, and its game over falls between decisions,
 * latched to the next one with several copies and taken at once with one. Between episodes the
 * served copy waits out its autoreset step (reward 0, no flags, the new episode's first
 * observation), and its action there is ignored. On copies of a Phaser-shaped fake in Node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vectorSource } from '../../src/attach/observation_source';
import { GameCopies } from '../../src/game/game_copies';
import { runCopies } from '../../src/game/run_copies';
import { ServeCopies } from '../../src/game/serve_copies';
import type { ServeLayout } from '../../src/game/serve_layout';
import type { TrainingEntry } from '../../src/game/training_entry';
import { resolveStarts, type ResolvedStarts } from '../../src/game/random_starts';
import { ACTIONS, FAKE_PHASER, PARENT, PERIOD, rallyAgent, rallyEntry, RallyScene, recordingReset, type FrameLog } from './fake_copies';

const STEPS = 40; // decisions per copy
const SEED = 5;

/** One env's transition. */
interface Transition {
  obs: number[];
  action: number;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  next: number[];
}

const LAYOUT: ServeLayout = { width: 2, height: 1, grayscale: true, frameStack: 1, shape: [1, 2, 1], crops: [], actions: [...ACTIONS], noop: 'stay' };

/** Each env's transitions as the decision loop sent them to the trainer (the one closed at detach left out). */
/** A case's rally entry: maxStep cuts, onDone. */
interface Case {
  envs: number;
  maxStep?: number;
  /** The entry's onDone, with a rally whose game over does not start a new round (RallyScene.ownRestart false). */
  onDone?: 'restart' | 'continue';
  /** Random starts: the entry's reset(scene, rng) and up to this many no-op decisions (`serve --random-starts`). */
  noops?: number;
  /** Sticky actions' probability. */
  sticky?: number;
}

function caseEntry({ maxStep, onDone, noops }: Case): TrainingEntry<RallyScene> {
  RallyScene.clock = true;
  RallyScene.ownRestart = onDone === undefined;
  RallyScene.made = [];
  return rallyEntry({
    ...(maxStep === undefined ? {} : { attach: (s) => ({ ...rallyEntry().attach(s, 0), maxStep }) }),
    ...(onDone === undefined ? {} : { onDone }),
    ...(noops === undefined ? {} : { reset: recordingReset, noop: 'stay' }),
  });
}

/** A case's random starts and sticky actions, as trainGame resolves them (and the serve page does). */
function caseVariety(c: Case, entry: TrainingEntry<RallyScene>): { randomStarts: ResolvedStarts | null; stickyActions: number } {
  return { randomStarts: c.noops === undefined ? null : resolveStarts({ noops: c.noops }, entry, [...ACTIONS], 'test'), stickyActions: c.sticky ?? 0 };
}

/** Each copy's frames as its game played them (the action in force at each). */
function frameLogs(): FrameLog[][] {
  return RallyScene.made.map((s) => [...s.log]);
}

async function loopRun(c: Case): Promise<{ transitions: Transition[][]; frames: FrameLog[][] }> {
  const { envs } = c;
  const entry = caseEntry(c);
  const { agent, trainer } = await rallyAgent(envs);
  const copies = await GameCopies.start(FAKE_PHASER, entry, envs, SEED, PARENT);
  const variety = caseVariety(c, entry);
  try {
    await runCopies(agent, copies, entry, 'train', (c) => c.observed >= STEPS, undefined, { starts: variety.randomStarts, sticky: variety.stickyActions, seed: SEED });
  } finally {
    copies.destroy();
    await agent.dispose();
  }
  const out: Transition[][] = Array.from({ length: envs }, () => []);
  for (const b of trainer.batches.slice(0, -1)) {
    for (let i = 0; i < envs; i++) {
      out[i]!.push({
        obs: [...b.observations.subarray(2 * i, 2 * i + 2)],
        action: b.actions[i]!,
        reward: b.rewards[i]!,
        terminated: b.terminated[i] === 1,
        truncated: b.truncated[i] === 1,
        next: [...b.nextObservations.subarray(2 * i, 2 * i + 2)],
      });
    }
  }
  return { transitions: out, frames: frameLogs() };
}

/** The same envs served, each playing the loop's actions in turn (and `ignored` at its autoreset steps). */
async function serveRun(c: Case, actions: number[][], ignored: number): Promise<{ steps: Transition[][]; resets: { reward: number; flags: number; obs: number[]; last: number[]; afterCut: boolean }[]; frames: FrameLog[][] }> {
  const { envs } = c;
  const entry = caseEntry(c);
  const env = await ServeCopies.start(FAKE_PHASER, entry, envs, SEED, PARENT, { observe: { layout: LAYOUT, source: (i, o) => vectorSource(o.observe!, 2, i) }, ...caseVariety(c, entry) });
  try {
    const first = env.reset();
    let obs = Array.from({ length: envs }, (_, i) => [...first.subarray(2 * i, 2 * i + 2)]);
    const steps: Transition[][] = Array.from({ length: envs }, () => []);
    const resets: { reward: number; flags: number; obs: number[]; last: number[]; afterCut: boolean }[] = [];
    const ended = new Array<boolean>(envs).fill(false);
    const cut = new Array<boolean>(envs).fill(false);
    while (steps.some((s, i) => s.length < actions[i]!.length)) {
      const a = steps.map((s, i) => (ended[i] ? ignored : actions[i]![s.length] ?? 1));
      const r = env.step(a);
      for (let i = 0; i < envs; i++) {
        const next = [...r.observations.subarray(2 * i, 2 * i + 2)];
        if (ended[i]) resets.push({ reward: r.rewards[i]!, flags: r.terminated[i]! + r.truncated[i]!, obs: next, last: obs[i]!, afterCut: cut[i]! });
        else steps[i]!.push({ obs: obs[i]!, action: a[i]!, reward: r.rewards[i]!, terminated: r.terminated[i] === 1, truncated: r.truncated[i] === 1, next });
        ended[i] = !ended[i] && (r.terminated[i] === 1 || r.truncated[i] === 1);
        cut[i] = r.truncated[i] === 1;
        obs[i] = next;
      }
    }
    return { steps: steps.map((s, i) => s.slice(0, actions[i]!.length)), resets, frames: frameLogs() };
  } finally {
    env.destroy();
  }
}

const CASES: Case[] = [
  { envs: 3 }, { envs: 1 }, { envs: 2, maxStep: 3 }, { envs: 1, maxStep: 3 }, { envs: 2, onDone: 'restart' }, { envs: 1, onDone: 'restart' }, { envs: 2, onDone: 'continue' },
  { envs: 2, noops: 4 }, { envs: 1, noops: 4, maxStep: 3 }, { envs: 2, noops: 2, onDone: 'restart', sticky: 0.5 }, { envs: 1, sticky: 0.5 },
];
for (const c of CASES) {
  const { envs, maxStep, onDone, noops, sticky } = c;
  test(`${envs} cop${envs === 1 ? 'y' : 'ies'}${maxStep === undefined ? '' : `, maxStep ${maxStep}`}${onDone === undefined ? '' : `, a game going on after its game overs, onDone ${onDone}`}` +
    `${noops === undefined ? '' : `, random starts (reset and up to ${noops} no-ops)`}${sticky === undefined ? '' : `, sticky actions ${sticky}`}: ` +
    "each env's served transitions are the decision loop's, given its actions; autoreset steps give the first observation with reward 0 and no flags", async () => {
    const { transitions: loop, frames: loopFrames } = await loopRun(c);
    const actions = loop.map((l) => l.map((t) => t.action));
    const served = await serveRun(c, actions, 0);
    for (let i = 0; i < envs; i++) assert.deepEqual(served.steps[i], loop[i], `env ${i}`);
    // Frame for frame, with the action each frame played (no-ops, sticky actions), up to where the loop stopped.
    for (let i = 0; i < envs; i++) {
      const n = loopFrames[i]!.length - PERIOD * 2;
      assert.deepEqual(served.frames[i]!.slice(0, n), loopFrames[i]!.slice(0, n), `env ${i}'s frames`);
    }
    if (noops !== undefined) {
      const drawn = RallyScene.made.flatMap((s) => s.resets);
      assert.ok(drawn.length >= envs * 2 && new Set(drawn).size === drawn.length, `reset(scene, rng) ran each episode with its own stream: ${drawn.length}`);
    }
    if (noops !== undefined || sticky !== undefined) {
      // And they change what is played: the same actions served without them give other frames.
      const plain = await serveRun({ ...c, noops: undefined, sticky: undefined }, actions, 0);
      assert.notDeepEqual(plain.frames, served.frames);
    }
    const ends = loop.flat().filter((t) => t.terminated || t.truncated).length;
    assert.ok(ends >= envs * 2, `episodes ended (${ends})`);
    if (maxStep !== undefined) assert.ok(served.resets.some((r) => r.afterCut), 'truncations, each followed by a restart');
    assert.ok(served.resets.length >= ends - envs);
    for (const r of served.resets) {
      assert.equal(r.reward, 0);
      assert.equal(r.flags, 0);
      if (noops !== undefined) continue; // a random start's frames come before the first observation
      // After a cut, or a game over with onDone 'restart', the copy's scene restarted (one frame, its
      // round from the start; with one copy after the frame that ends the episode, as the one-player
      // loop begins it); else, several copies: the first observation is read in the frame of the
      // end (the copy waits); one copy: the frame after.
      if (r.afterCut || onDone === 'restart') assert.deepEqual(r.obs, [r.last[0]! + (envs > 1 ? 1 : 2), 0]);
      else if (envs > 1) assert.deepEqual(r.obs, r.last);
      else assert.equal(r.obs[0], r.last[0]! + 1);
    }
    // Without the restart the next episode begins where the game went on (not at its round's start).
    if (onDone === 'continue') assert.ok(served.resets.some((r) => r.obs[1] !== 0), 'episodes begun mid-round');
    // The action given at an autoreset step is ignored.
    const other = await serveRun(c, actions, 2);
    assert.deepEqual(other.steps, served.steps);
  });
}
