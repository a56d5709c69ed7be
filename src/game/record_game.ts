/**
 * `recordGame(entry, options)`: records demonstrations of the training entry's `heuristic(scene,
 * player)` on N copies of the game's own scene, stepped by hand as fast as the page allows (the
 * headless recording `pixelpilot record --game` runs). The copies are driven exactly as trainGame
 * drives them (runCopies: the same attach options, observations, decision period, episode ends),
 * but the agent is a recording (attach/record_scene.ts): the heuristic plays, nothing learns, and
 * every step goes into a demonstration file that `train --game --demos` (trainGame's
 * `demonstrations`) learns from.
 */
import { attachObservation, observationPipeline, resolveObservation } from '../agent/agent_observation';
import type { EpisodeInfo } from '../attach/loop_events';
import { recordScene, type Recording } from '../attach/record_scene';
import type { AgentWarning } from '../attach/warnings';
import { AgentError } from '../util/errors';
import { zeroTrainerTiming } from '../worker/trainer_timing';
import { GameCopies, hiddenParent, phaserModule, startOptions, type PhaserLike } from './game_copies';
import { checkStartOptions, resolveStarts, type RandomStartsOptions } from './random_starts';
import { runCopies, type CopiesAgent } from './run_copies';
import { newRunProgress, type RunProgress } from './run_progress';
import { StepBudget, type EpisodePoint } from './step_budget';
import { checkTrainingEntry, type TrainingEntry } from './training_entry';

/** Options of recordGame; every one has a default. */
export interface RecordGameOptions {
  /** Copies of the game played at once. Default 1. */
  envs?: number;
  /** Agent steps to record, over all copies (decisions x copies). Default 1,000. */
  steps?: number;
  /** Seed of the copies' Math.random (and random starts). Default 0. */
  seed?: number;
  /**
   * Frames stacked in each recorded observation: must be the frame stack of the agent that learns
   * from the file (its spec's env.frame_op_len). Default: the entry's observation.frameStack, else 4.
   */
  frameStack?: number;
  /** Decisions the recorded actions are shifted by (docs/demonstrations.md). Default 0. */
  reflexLag?: number;
  /** Random starts, as trainGame's. Default false. */
  randomStarts?: RandomStartsOptions | false;
  /** Sticky actions, as trainGame's. Default 0. */
  stickyActions?: number;
  phaser?: PhaserLike;
  parent?: HTMLElement;
  /** As trainGame's. Default 30,000. */
  startTimeoutMs?: number;
  progress?: RunProgress;
  /** Every finished episode, with the agent steps so far. */
  onEpisode?: (info: EpisodeInfo, steps: number) => void;
  /** Every agent step (one decision of all copies), with the seconds since the copies started stepping. */
  onStep?: (steps: number, seconds: number) => void;
  onWarning?: (warning: AgentWarning) => void;
}

/** What recordGame recorded. */
export interface RecordGameResult {
  /** The demonstration file's bytes. */
  demos: Uint8Array;
  /** Steps in the file (reflex lag applied), over all copies. */
  steps: number;
  /** Episodes the game ended (done, or maxStep) while recording. */
  episodes: number;
  /** Episodes still open when the recording stopped (kept in the file, cut; not in `returns`). */
  unfinishedEpisodes: number;
  /** Mean return of the ended episodes (NaN when none ended). */
  returnMean: number;
  returns: EpisodePoint[];
  /** Wall-clock seconds of the run (after the copies started). */
  seconds: number;
  /** Frames stacked in the recorded observations. */
  frameStack: number;
  randomStarts: { noops: number } | false;
  stickyActions: number;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * Records the entry's heuristic on `envs` copies for `steps` agent steps. AgentError for an entry
 * without `heuristic` or bad options; rejects as trainGame does when the game or the heuristic fails.
 */
export async function recordGame<S extends object>(entryOrModule: TrainingEntry<S> | { default: TrainingEntry<S> }, options: RecordGameOptions = {}): Promise<RecordGameResult> {
  const entry = checkTrainingEntry<S>(entryOrModule, 'recordGame');
  const problems: string[] = [];
  if (entry.heuristic === undefined) problems.push('the training entry has no heuristic: export heuristic(scene, player) => action in it (a scripted player to record)');
  for (const k of ['envs', 'steps', 'frameStack'] as const) if (options[k] !== undefined && !isPosInt(options[k])) problems.push(`${k} must be a positive integer (got ${String(options[k])})`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) problems.push(`seed must be an integer (got ${String(options.seed)})`);
  checkStartOptions(options, problems);
  if (problems.length > 0) throw new AgentError(`recordGame: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.join('\n  ')}`);
  const envs = options.envs ?? 1;
  const steps = options.steps ?? 1000;
  const seed = options.seed ?? 0;
  const sticky = options.stickyActions ?? 0;
  const starts = resolveStarts(options.randomStarts ?? false, entry, entry.actions, 'recordGame');
  const observation = resolveObservation(entry.observation, null);
  if (observation.kind === 'pixels' && options.frameStack !== undefined) observation.frameStack = options.frameStack;
  const heuristic = entry.heuristic!;
  const actions = entry.actions;
  // The entry's heuristic, as each copy's attach option (names become indices; a bad value is the loop's 'error').
  const played: TrainingEntry<S> = {
    ...entry,
    attach: (scene, copy) => ({
      ...entry.attach(scene, copy),
      heuristic: () => {
        const a = heuristic(scene, 0);
        return typeof a === 'string' && actions.includes(a) ? actions.indexOf(a) : (a as number);
      },
    }),
  };
  const phaser = await phaserModule(options.phaser);
  const progress = options.progress;
  if (progress !== undefined) Object.assign(progress, newRunProgress(envs), { phase: 'booting' });
  const hidden = options.parent === undefined ? hiddenParent() : null;
  const stand = new RecordingAgent(actions, (scene, o, canvases, onEpisodeBegin) => recordScene(scene, { ...o, ...(options.reflexLag === undefined ? {} : { reflexLag: options.reflexLag }) }, {
    actions,
    players: envs,
    observation: attachObservation(observation, envs),
    pipeline: observationPipeline(observation),
    ...(canvases === undefined ? {} : { canvases }),
    ...(onEpisodeBegin === undefined ? {} : { onEpisodeBegin }),
    onError: (e) => stand.emit('error', e instanceof Error ? e : new Error(String(e))),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    onEpisode: (info) => stand.emit('episode', info),
  }));
  const budget = new StepBudget(envs, steps, options);
  const off = stand.on('episode', budget.episode);
  let copies: GameCopies<S> | null = null;
  try {
    copies = await GameCopies.start(phaser, played, envs, seed, options.parent ?? hidden!.element, startOptions(options));
    const run = await runCopies(stand, copies, played, 'heuristic', budget.stopTest(), progress, { starts, sticky, seed });
    if (progress !== undefined) progress.phase = 'done';
    const recording = stand.recording!;
    const { returns } = budget;
    return {
      demos: await recording.toBytes(),
      steps: recording.fileSteps,
      episodes: returns.length,
      unfinishedEpisodes: budget.unfinished,
      returnMean: returns.length === 0 ? NaN : returns.reduce((s, p) => s + p.return, 0) / returns.length,
      returns,
      seconds: run.timing.totalMs / 1000,
      frameStack: observation.kind === 'pixels' ? observation.frameStack : 1,
      randomStarts: starts === null ? false : { noops: starts.noops },
      stickyActions: sticky,
    };
  } finally {
    off();
    copies?.destroy();
    hidden?.remove();
  }
}

type Attacher = (...args: Parameters<CopiesAgent['attachTo']>) => Recording;

/** A recording standing in for the agent runCopies drives: no worker, its episodes and errors as an Agent's events. */
class RecordingAgent implements CopiesAgent {
  recording: Recording | null = null;
  readonly trainer = { timing: () => Promise.resolve(zeroTrainerTiming()) };
  private readonly listeners = { episode: new Set<(e: EpisodeInfo) => void>(), error: new Set<(e: Error) => void>() };

  constructor(readonly actions: readonly string[], private readonly attacher: Attacher) {}

  on(name: 'episode', fn: (e: EpisodeInfo) => void): () => void;
  on(name: 'worker-error' | 'error', fn: (e: Error) => void): () => void;
  on(name: string, fn: (e: never) => void): () => void {
    // A recording has no worker: 'worker-error' never comes.
    const set = (name === 'episode' ? this.listeners.episode : name === 'error' ? this.listeners.error : null) as Set<typeof fn> | null;
    set?.add(fn);
    return () => void set?.delete(fn);
  }

  emit(name: 'episode', e: EpisodeInfo): void;
  emit(name: 'error', e: Error): void;
  emit(name: 'episode' | 'error', e: EpisodeInfo | Error): void {
    for (const fn of [...(this.listeners[name] as Set<(x: typeof e) => void>)]) fn(e);
  }

  attachTo(...args: Parameters<CopiesAgent['attachTo']>): ReturnType<CopiesAgent['attachTo']> {
    const r = (this.recording = this.attacher(...args));
    return { counters: r.counters, timing: r.timing, addReward: r.addReward, endEpisode: r.endEpisode, detach: r.stop, settled: r.settled };
  }
}
