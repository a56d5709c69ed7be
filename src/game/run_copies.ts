/**
 * Plays an agent on game copies stepped by hand until told to stop: each frame every copy renders,
 * then the agent ticks once for all of them (captures, decides in one batch, records), and the
 * next frame waits until every answer from the worker is applied, so no decision is ever late or
 * dropped however fast the game goes. Where the time goes is measured (run_timing.ts: stepping,
 * capture, transfer, the worker's acting and training, the rest).
 */
import type { Agent } from '../agent/agent';
import type { AgentMode, AttachOptions } from '../attach/attach_options';
import { GameError } from '../util/errors';
import type { LoopCounters } from '../attach/decision_loop';
import { trainerTimingSince } from '../worker/trainer_timing';
import { copiesAttach } from './copies_attach';
import { copiesScene } from './copies_scene';
import { describeThrown } from './game_failure';
import type { GameCopies } from './game_copies';
import type { RunProgress } from './run_progress';
import { splitRunTiming, type MainThreadTiming, type RunTiming } from './run_timing';
import type { TrainingEntry } from './training_entry';

/** Milliseconds of work between two yields to the page's event loop (so that it can repaint and take input). */
const YIELD_EVERY_MS = 50;

/** What one run of the copies did and where its time went. */
export interface CopiesRun {
  /** The attachment's counters (frames, decisions, observed steps, dropped, late ...). */
  counters: LoopCounters;
  /** The run's wall clock split into parts that sum to it (see run_timing.ts). */
  timing: RunTiming;
}

/** Keeps what each copy's done() last returned in `progress`. */
function watchProgress(options: AttachOptions, progress: RunProgress): void {
  const done = options.done;
  if (done === undefined) return;
  options.done = (player) => {
    const d = done(player);
    progress.lastDone[player] = d === true;
    return d;
  };
}

/** Resolves after the page's pending tasks ran (a MessageChannel round trip: not throttled like setTimeout). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Attaches `agent` (players = copies) to the copies in `mode` and steps them until `stop(counters)` is true (checked after each frame); keeps `progress` up to date. */
export async function runCopies<S extends object>(
  agent: Agent,
  copies: GameCopies<S>,
  entry: TrainingEntry<S>,
  mode: AgentMode,
  stop: (counters: Readonly<LoopCounters>) => boolean,
  progress?: RunProgress,
): Promise<CopiesRun> {
  const perCopy = copies.scenes.map((s, i) => copies.inCopy(i, () => {
    try {
      return entry.attach(s, i);
    } catch (e) {
      throw new GameError('attach', `the training entry's attach(scene, ${i}) threw: ${describeThrown(e)}`, { copy: i, cause: e });
    }
  }));
  const options = copiesAttach(perCopy, mode, (i, fn) => copies.inCopy(i, fn));
  if (progress !== undefined) watchProgress(options, progress);
  const composite = copiesScene(copies.games.map((g) => g.canvas));
  const workerBefore = await agent.trainer.timing();
  const attachment = agent.attachTo(composite.scene, options, copies.games.map((g) => g.canvas));
  let stepMs = 0;
  let tickMs = 0;
  let waitMs = 0;
  const t0 = performance.now();
  let lastYield = t0;
  // A worker that fails stops the run (the agent would otherwise go on playing without learning).
  let failure: Error | null = null;
  const noteProgress = (): void => {
    if (progress === undefined) return;
    progress.frames = copies.frames;
    progress.decisions = attachment.counters.decisions;
    progress.steps = attachment.counters.observed * copies.games.length;
  };
  if (progress !== undefined) progress.phase = 'running';
  const offs = [agent.on('worker-error', (e) => (failure ??= e)), agent.on('error', (e) => (failure ??= e))];
  try {
    while (!stop(attachment.counters)) {
      if (failure !== null) throw failure;
      const a = performance.now();
      copies.step();
      const b = performance.now();
      composite.frame();
      const c = performance.now();
      await attachment.settled();
      const d = performance.now();
      stepMs += b - a;
      tickMs += c - b;
      waitMs += d - c;
      noteProgress();
      if (d - lastYield > YIELD_EVERY_MS) {
        await yieldToPage();
        lastYield = performance.now();
      }
    }
  } finally {
    offs.forEach((off) => off());
    noteProgress();
    if (progress !== undefined) progress.phase = 'closing';
    // Detaching closes the open episodes: their last step goes to the worker, and is waited for too.
    const a = performance.now();
    await attachment.settled();
    const b = performance.now();
    composite.end();
    const c = performance.now();
    await attachment.settled();
    const d = performance.now();
    waitMs += b - a + (d - c);
    tickMs += c - b;
  }
  const main: MainThreadTiming = { stepMs, tickMs, captureMs: attachment.timing.captureMs, waitMs, totalMs: performance.now() - t0 };
  const worker = trainerTimingSince(await agent.trainer.timing(), workerBefore);
  return { counters: { ...attachment.counters }, timing: splitRunTiming(main, worker) };
}
