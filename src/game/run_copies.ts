/**
 * Plays an agent on game copies stepped by hand until told to stop: each frame every copy renders,
 * then the agent ticks once for all of them (captures, decides in one batch, records), and the
 * next frame waits until every answer from the worker is applied, so no decision is ever late or
 * dropped however fast the game goes. Where the time goes is measured (run_timing.ts: stepping,
 * capture, transfer, the worker's acting and training, the rest). Each copy's actions pass through
 * its CopyActions (sticky actions, episode signatures), and with random starts each copy's episode
 * begins with its CopyStarts (copy_starts.ts).
 */
import type { AgentMode, AttachOptions } from '../attach/attach_options';
import type { Attachment } from '../attach/attach_scene';
import type { EpisodeInfo } from '../attach/loop_events';
import type { CaptureSource } from '../observe/frame_capture';
import type { SceneLike } from '../scene/scene_hooks';
import type { LaggedActor } from '../agent/lagged_actor';
import type { TrainerTiming } from '../worker/trainer_timing';
import { GameError } from '../util/errors';
import type { LoopCounters } from '../attach/decision_loop';
import { trainerTimingSince } from '../worker/trainer_timing';
import { copiesAttach } from './copies_attach';
import { restartPolicy } from './copy_restart';
import { copiesScene } from './copies_scene';
import { describeThrown } from './game_failure';
import { CopyActions } from './copy_actions';
import { CopyStarts } from './copy_starts';
import type { GameCopies } from './game_copies';
import type { ResolvedStarts } from './random_starts';
import type { RunProgress } from './run_progress';
import { splitLaggedRunTiming, splitRunTiming, type MainThreadTiming, type RunTiming } from './run_timing';
import type { TrainingEntry } from './training_entry';

/** Milliseconds of work between two yields to the page's event loop (so that it can repaint and take input). */
const YIELD_EVERY_MS = 50;

/** What one run of the copies did and where its time went. */
export interface CopiesRun {
  /** The attachment's counters (frames, decisions, observed steps, dropped, late ...). */
  counters: LoopCounters;
  /** The run's wall clock split into parts that sum to it (see run_timing.ts). */
  timing: RunTiming;
  /** Each finished episode's copy and signature (copy_actions.ts), in the order of the agent's 'episode' events. */
  signatures: { copy: number; signature: string }[];
  /** The no-op decisions drawn per copy, one per episode begun (empty lists when random starts are off). */
  noops: number[][];
  /** Frames stepped in random starts, over all copies. */
  noopFrames: number;
  /** Frames that kept the previous action (sticky actions), over all copies. */
  stickyFrames: number;
  /** Scenes restarted after an episode cut by maxStep or ended by the game (the entry's onCut, onDone), over all copies. */
  restarts: number;
}

/** What runCopies needs of the player: an Agent, or a recording standing in for one (record_game.ts). */
export interface CopiesAgent {
  readonly actions: readonly string[];
  readonly trainer: { timing(): Promise<TrainerTiming> };
  on(name: 'episode', fn: (e: EpisodeInfo) => void): () => void;
  on(name: 'worker-error' | 'error', fn: (e: Error) => void): () => void;
  attachTo(scene: SceneLike, options: AttachOptions, canvases?: readonly CaptureSource[], onEpisodeBegin?: (player: number, afterCut: boolean) => void, port?: LaggedActor): Attachment;
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

/** How the copies vary their episodes: random starts (null: off) and sticky actions, from streams of `seed`. */
export interface CopiesVariety {
  starts: ResolvedStarts | null;
  /** The probability of keeping the previous action at a frame (0: off). */
  sticky: number;
  seed: number;
}

/** No random starts, no sticky actions: every episode begins where the game's own restart puts it. */
export const NO_VARIETY: CopiesVariety = { starts: null, sticky: 0, seed: 0 };

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

/**
 * Attaches `agent` (players = copies) to the copies in `mode` and steps them until `stop(counters)`
 * is true (checked after each frame); keeps `progress` up to date. With `actor` (the agent's
 * startLaggedActor), the actor acts while the agent's worker trains: each frame waits for the
 * actions only, and the run waits for the learner at its end (then closes the actor).
 */
export async function runCopies<S extends object>(
  agent: CopiesAgent,
  copies: GameCopies<S>,
  entry: TrainingEntry<S>,
  mode: AgentMode,
  stop: (counters: Readonly<LoopCounters>) => boolean,
  progress?: RunProgress,
  variety: CopiesVariety = NO_VARIETY,
  actor: LaggedActor | null = null,
): Promise<CopiesRun> {
  const perCopy = copies.scenes.map((s, i) => copies.inCopy(i, () => {
    try {
      return entry.attach(s, i);
    } catch (e) {
      throw new GameError('attach', `the training entry's attach(scene, ${i}) threw: ${describeThrown(e)}`, { copy: i, cause: e });
    }
  }));
  const joinedOptions = copiesAttach(perCopy, mode, (i, fn) => copies.inCopy(i, fn), copies.scenes, agent.actions);
  if (progress !== undefined) watchProgress(joinedOptions, progress);
  const names = agent.actions;
  const actions = perCopy.map((_, i) => new CopyActions((a) => joinedOptions.act!(a, names[a]!, i), variety.sticky, variety.seed, i));
  const options = { ...joinedOptions, act: (a: number, _name: string, p: number) => void actions[p]!.play(a) };
  // No cut without maxStep: then only onDone can restart a copy.
  const restarting = { ...restartPolicy(entry), ...(joinedOptions.maxStep === undefined ? { cut: false } : {}) };
  const starts = variety.starts === null && !restarting.cut && !restarting.done
    ? null
    : new CopyStarts(copies, entry, perCopy, actions, variety.starts, joinedOptions.decisionPeriod ?? 1, variety.seed, restarting);
  const composite = copiesScene(copies.games.map((g) => g.canvas));
  const workerBefore = await agent.trainer.timing();
  const signatures: CopiesRun['signatures'] = [];
  const offSignatures = agent.on('episode', (e) => signatures.push({ copy: e.player, signature: actions[e.player]!.closeEpisode(e.return, e.steps) }));
  const attachment = agent.attachTo(composite.scene, options, copies.games.map((g) => g.canvas), starts === null ? undefined : (p, afterCut) => starts.begin(p, afterCut), actor ?? undefined);
  let stepMs = 0;
  let tickMs = 0;
  let waitMs = 0;
  // With a lagged actor: its acting, and the end's wait for the learner's last steps.
  let actorTiming: TrainerTiming | null = null;
  let drainMs = 0;
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
      const startMs = starts?.stepMs ?? 0;
      composite.frame();
      const c = performance.now();
      if (starts?.failure != null) throw starts.failure;
      await attachment.settled();
      const d = performance.now();
      // A random start's frames run inside the tick (the loop's episode begin): they are stepping.
      const inStarts = (starts?.stepMs ?? 0) - startMs;
      stepMs += b - a + inStarts;
      tickMs += c - b - inStarts;
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
    const e = performance.now();
    actorTiming = await actor?.close() ?? null;
    const d = performance.now();
    drainMs = d - e;
    waitMs += b - a + (d - c);
    tickMs += c - b;
    offSignatures();
  }
  const main: MainThreadTiming = { stepMs, tickMs, captureMs: attachment.timing.captureMs, waitMs, totalMs: performance.now() - t0 };
  const learner = trainerTimingSince(await agent.trainer.timing(), workerBefore);
  return {
    counters: { ...attachment.counters },
    timing: actor === null || actorTiming === null
      ? splitRunTiming(main, learner)
      : splitLaggedRunTiming(main, actorTiming, actor.waitMs + drainMs, learner),
    signatures,
    noops: starts?.noops ?? copies.scenes.map(() => []),
    noopFrames: starts?.noopFrames ?? 0,
    stickyFrames: actions.reduce((s, a) => s + a.kept, 0),
    restarts: starts?.restarts ?? 0,
  };
}
