/**
 * `playGame(entry, agent)`: plays a trained agent greedily on N copies of the game's own scene,
 * stepped by hand as fast as the agent decides (the evaluation `pixelpilot eval --game` runs).
 */
import type { Agent } from '../agent/agent';
import { AgentError } from '../util/errors';
import { GameCopies, hiddenParent, phaserModule, startOptions, type PhaserLike } from './game_copies';
import { runCopies } from './run_copies';
import { newRunProgress, type RunProgress } from './run_progress';
import type { RunTiming } from './run_timing';
import { checkTrainingEntry, type TrainingEntry } from './training_entry';

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Options of playGame. */
export interface PlayGameOptions {
  /** Episodes to play, over all copies. Default 100. */
  episodes?: number;
  /** Seed of the copies' Math.random. Default 1 (another stream than training's default 0). */
  seed?: number;
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
  returnStd: number;
  returns: number[];
  seconds: number;
  /** Where the time went, in ms (as TrainGameResult's; training is 0). */
  timing: RunTiming;
}

/**
 * Plays `agent` greedily (mode 'inference': no exploration, no learning) on `agent.players` copies
 * of the entry's scene until `episodes` episodes ended; returns their returns. Rejects (never hangs)
 * as trainGame does when the game fails (GameError), an attach callback fails or the worker does.
 */
export async function playGame<S extends object>(entryOrModule: TrainingEntry<S> | { default: TrainingEntry<S> }, agent: Agent, options: PlayGameOptions = {}): Promise<PlayGameResult> {
  const entry = checkTrainingEntry<S>(entryOrModule, 'playGame');
  const episodes = options.episodes ?? 100;
  if (!isPosInt(episodes)) throw new AgentError(`playGame: episodes must be a positive integer (got ${String(options.episodes)})`);
  const phaser = await phaserModule(options.phaser);
  const progress = options.progress;
  if (progress !== undefined) Object.assign(progress, newRunProgress(agent.players), { phase: 'booting' });
  const hidden = options.parent === undefined ? hiddenParent() : null;
  const returns: number[] = [];
  const off = agent.on('episode', (e) => returns.push(e.return));
  let copies: GameCopies<S> | null = null;
  try {
    copies = await GameCopies.start(phaser, entry, agent.players, options.seed ?? 1, options.parent ?? hidden!.element, startOptions(options));
    const run = await runCopies(agent, copies, entry, 'inference', () => returns.length >= episodes, progress);
    if (progress !== undefined) progress.phase = 'done';
    const kept = returns.slice(0, episodes);
    const mean = kept.reduce((s, r) => s + r, 0) / kept.length;
    const std = Math.sqrt(kept.reduce((s, r) => s + (r - mean) ** 2, 0) / kept.length);
    return { episodes: kept.length, returnMean: mean, returnStd: std, returns: kept, seconds: run.timing.totalMs / 1000, timing: run.timing };
  } finally {
    off();
    copies?.destroy();
    hidden?.remove();
  }
}
