/**
 * `playGame(entry, agent)`: plays a trained agent greedily on N copies of the game's own scene,
 * stepped by hand as fast as the agent decides (the evaluation `pixelpilot eval --game` runs). Its
 * episodes begin at random starts by default (random_starts.ts), since a greedy policy on a
 * deterministic game replays one trajectory and an evaluation of identical episodes hides how the
 * policy does from any other start (a shipped bot attached a moment later meets one).
 */
import type { Agent } from '../agent/agent';
import type { AgentWarning } from '../attach/warnings';
import { AgentError } from '../util/errors';
import { episodeSpread, identicalEpisodesWarning } from './episode_spread';
import { GameCopies, hiddenParent, phaserModule, startOptions, type PhaserLike } from './game_copies';
import { checkStartOptions, resolveStarts, type RandomStartsOptions } from './random_starts';
import { runCopies } from './run_copies';
import { newRunProgress, type RunProgress } from './run_progress';
import type { RunTiming } from './run_timing';
import { checkTrainingEntry, type TrainingEntry } from './training_entry';

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Options of playGame. */
export interface PlayGameOptions {
  /** Episodes to play, over all copies. Default 100. */
  episodes?: number;
  /** Seed of the copies' Math.random, their random starts and sticky actions. Default 1 (another stream than training's default 0). */
  seed?: number;
  /**
   * Random starts: each episode of each copy begins after the entry's `reset(scene, rng)` and
   * 0..noops no-op decisions (see RandomStartsOptions). false: every episode begins where the
   * game's own restart puts it (the evaluation before random starts). Default `{}`: on, with the
   * entry's `noopMax`, else 30 no-ops at most.
   */
  randomStarts?: RandomStartsOptions | false;
  /** Sticky actions: the probability that a frame keeps the game's previous action (the ALE uses 0.25). Default 0. */
  stickyActions?: number;
  phaser?: PhaserLike;
  parent?: HTMLElement;
  /** As trainGame's: wall-clock ms to wait for the copies to boot and their scenes to start. Default 30,000. */
  startTimeoutMs?: number;
  /** As trainGame's: a record kept up to date as the run goes (see newRunProgress). */
  progress?: RunProgress;
}

/** What playGame saw. */
export interface PlayGameResult {
  episodes: number;
  returnMean: number;
  /** Population standard deviation of the returns. */
  returnStd: number;
  /** The mean's standard error (sample standard deviation / sqrt(episodes); NaN under 2). */
  returnStandardError: number;
  returnMin: number;
  returnMax: number;
  returnMedian: number;
  /** Distinct episodes among them (by the actions the game got each frame, the return and the decisions). */
  distinctEpisodes: number;
  /** Every episode was the same (each copy's first aside, see EpisodeSpread): then `warnings` has 'identical-episodes'. */
  identicalEpisodes: boolean;
  returns: number[];
  /** The random starts played (false: off) and the sticky-action probability. */
  randomStarts: { noops: number } | false;
  stickyActions: number;
  /** Warnings about the evaluation (also the agent's 'warning' events): 'identical-episodes'. */
  warnings: AgentWarning[];
  seconds: number;
  /** Where the time went, in ms (as TrainGameResult's; training is 0). */
  timing: RunTiming;
}

/**
 * Plays `agent` greedily (mode 'inference': no exploration, no learning) on `agent.players` copies
 * of the entry's scene until `episodes` episodes ended; returns their returns and their spread.
 * Rejects (never hangs) as trainGame does when the game fails (GameError), an attach callback fails
 * or the worker does.
 */
export async function playGame<S extends object>(entryOrModule: TrainingEntry<S> | { default: TrainingEntry<S> }, agent: Agent, options: PlayGameOptions = {}): Promise<PlayGameResult> {
  const entry = checkTrainingEntry<S>(entryOrModule, 'playGame');
  const episodes = options.episodes ?? 100;
  const problems: string[] = [];
  if (!isPosInt(episodes)) problems.push(`episodes must be a positive integer (got ${String(options.episodes)})`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) problems.push(`seed must be an integer (got ${String(options.seed)})`);
  checkStartOptions(options, problems);
  if (problems.length > 0) throw new AgentError(`playGame: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
  const seed = options.seed ?? 1;
  const starts = resolveStarts(options.randomStarts ?? {}, entry, agent.actions, 'playGame');
  const sticky = options.stickyActions ?? 0;
  const phaser = await phaserModule(options.phaser);
  const progress = options.progress;
  if (progress !== undefined) Object.assign(progress, newRunProgress(agent.players), { phase: 'booting' });
  const hidden = options.parent === undefined ? hiddenParent() : null;
  const returns: number[] = [];
  const off = agent.on('episode', (e) => returns.push(e.return));
  let copies: GameCopies<S> | null = null;
  try {
    copies = await GameCopies.start(phaser, entry, agent.players, seed, options.parent ?? hidden!.element, startOptions(options));
    const run = await runCopies(agent, copies, entry, 'inference', () => returns.length >= episodes, progress, { starts, sticky, seed });
    if (progress !== undefined) progress.phase = 'done';
    const kept = returns.slice(0, episodes);
    const spread = episodeSpread(kept, run.signatures.slice(0, episodes));
    const varied = (starts !== null && (starts.noops > 0 || entry.reset !== undefined)) || sticky > 0;
    const warning = identicalEpisodesWarning(spread, kept.length, varied);
    if (warning !== null) agent.reportWarning(warning);
    return {
      episodes: kept.length,
      ...spread,
      returns: kept,
      randomStarts: starts === null ? false : { noops: starts.noops },
      stickyActions: sticky,
      warnings: warning === null ? [] : [warning],
      seconds: run.timing.totalMs / 1000,
      timing: run.timing,
    };
  } finally {
    off();
    copies?.destroy();
    hidden?.remove();
  }
}
