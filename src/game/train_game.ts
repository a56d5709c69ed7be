/**
 * The fast mode in a page: `trainGame(entry, spec, options)` trains an agent on N copies of the
 * game's own scene (the training entry, training_entry.ts), each a Phaser game stepped by hand with
 * a fixed 1000/60 ms per frame, as fast as the trainer allows: one agent (`players: N`, one worker,
 * one replay memory), decisions batched across copies, observations captured from each copy's
 * canvas exactly as in the shipped game. `playGame` plays a trained agent greedily the same way.
 */
import type { Agent } from '../agent/agent';
import { AgentError } from '../util/errors';
import type { EpisodeInfo, TrainInfo } from '../attach/loop_events';
import type { AgentWarning } from '../attach/warnings';
import { createAgent } from '../agent/create_agent';
import { LaggedActor } from '../agent/lagged_actor';
import type { AgentOptions } from '../agent/agent_options';
import { GameCopies, hiddenParent, phaserModule, startOptions, type PhaserLike } from './game_copies';
import { checkStartOptions, resolveStarts, type RandomStartsOptions } from './random_starts';
import { runCopies } from './run_copies';
import { StepBudget, type EpisodePoint, type StoppedBy } from './step_budget';

export type { EpisodePoint } from './step_budget';
import { newRunProgress } from './run_progress';
import type { RunProgress } from './run_progress';
import { splitRunTiming, type RunTiming } from './run_timing';
import { zeroTrainerTiming } from '../worker/trainer_timing';
import type { UseDemonstrationsResult } from '../worker/trainer_types';
import { checkTrainingEntry, type TrainingEntry } from './training_entry';

/** Options of trainGame; every one has a default. */
export interface TrainGameOptions {
  /** Copies of the game played at once (the agent's players). Default 1. */
  envs?: number;
  /**
   * Agent steps to train, over all copies (decisions x copies, as `pixelpilot train --steps`). 0
   * (only with `demonstrations`): pre-train on them and return, no copy started. Default 10,000.
   */
  steps?: number;
  /**
   * Also stop once the copies have stepped this many wall-clock seconds (whichever of `steps` and
   * `seconds` comes first; with `seconds` and no `steps`, the steps are unbounded). A round the
   * learner is in when the time is up is still waited for. Default: no time limit.
   */
  seconds?: number;
  /** @deprecated The old name of `steps`. */
  frames?: number;
  /** Seed of the copies' Math.random and of the agent. Default 0 (the agent: the spec's meta.random_seed when not given). */
  seed?: number;
  /** Which spec of a file of named specs (createAgent's specName). Default: the only one. */
  specName?: string;
  /** createAgent's backend. Default 'auto'. */
  backend?: AgentOptions['backend'];
  /** Train this agent further instead of making one (its players must equal `envs`). Default: a new agent. */
  agent?: Agent;
  /** The phaser module (`import * as Phaser from 'phaser'`). Default: `import('phaser')` when the run starts. */
  phaser?: PhaserLike;
  /** Where the copies' canvases go. Default: a hidden element appended to document.body (removed after). */
  parent?: HTMLElement;
  /**
   * Random starts: each episode of each copy begins after the entry's `reset(scene, rng)` and
   * 0..noops no-op decisions, the agent neither observing nor learning meanwhile (see
   * RandomStartsOptions; seeded by `seed`); `{}` takes the entry's `noopMax`, else 30. Default
   * false (TRAIN_RANDOM_STARTS): every episode begins where the game's own restart puts it.
   */
  randomStarts?: RandomStartsOptions | false;
  /** Sticky actions: the probability that a frame keeps the game's previous action (the ALE uses 0.25). Default 0. */
  stickyActions?: number;
  /**
   * Act while the worker trains: a second worker chooses the actions on weights one training round
   * behind, so the copies go on during a round (lagged_actor.ts). Only for training in rounds that
   * acting leaves alone (PPO, A2C with a feedforward net); otherwise the agent's worker acts, as
   * with false. Default false (TRAIN_OVERLAP).
   */
  overlap?: boolean;
  /** Every finished episode (the agent's 'episode' event), with the agent steps so far. */
  onEpisode?: (info: EpisodeInfo, steps: number) => void;
  /** Every training round (the agent's 'train' event). */
  onTrain?: (info: TrainInfo) => void;
  /**
   * Every agent step (one decision of all copies): the agent steps so far over all copies and the
   * wall-clock seconds since the copies started stepping (e.g. to log metrics every N steps).
   */
  onStep?: (steps: number, seconds: number) => void;
  /** Every warning of the agent (its 'warning' event: things that make training silently slow or useless). */
  onWarning?: (warning: AgentWarning) => void;
  /** Wall-clock ms to wait for every copy to boot and every scene's create() to have run (assets load meanwhile). Default 30,000. */
  startTimeoutMs?: number;
  /** A record trainGame keeps up to date as it runs (phase, booted copies, created scenes, frames, decisions, done()): see newRunProgress. */
  progress?: RunProgress;
  /**
   * Demonstrations to learn from (docs/demonstrations.md): a demonstration file's bytes or where it
   * is, and the optimizer steps to pre-train on them alone before the copies start (default: the
   * spec's demo_pretrain_steps). The agent keeps them for the whole run (agent.learnFromDemonstrations).
   */
  demonstrations?: { demos: string | Uint8Array; pretrainSteps?: number };
}

/** What trainGame did. */
export interface TrainGameResult {
  /** The trained agent (still running: save it, attach it to the visible game, dispose it). */
  agent: Agent;
  /** Agent steps trained, over all copies. */
  steps: number;
  /** Episodes the game ended (done, or maxStep), over all copies. */
  episodes: number;
  /**
   * Episodes still open when the run stopped (one per copy at most): closed as truncated for the
   * agent to learn from, but not counted in `episodes`, `returns` or `returnMean100`, since their
   * returns are partial. Equal to the copies when no episode ever ended (is `done` ever true?).
   */
  unfinishedEpisodes: number;
  /** Mean return of the last 100 episodes (NaN before any). */
  returnMean100: number;
  /** Every finished episode's return, in order. */
  returns: EpisodePoint[];
  /** Wall-clock seconds of the run (after the agent and the copies started). */
  seconds: number;
  /** What ended the run: its `steps`, or its `seconds` (see TrainGameOptions.seconds). */
  stoppedBy: StoppedBy;
  /** Decisions (agent steps over all copies) per wall-clock second. */
  decisionsPerSecond: number;
  backend: string;
  /** Where the time went, in ms: stepping, capture, transfer, acting, training, other (they sum to totalMs). */
  timing: RunTiming;
  /** What the demonstrations were (episodes, steps, checksum) and the pre-training's report; null without them. */
  demonstrations: UseDemonstrationsResult | null;
  /** The random starts trained with (false: off) and the sticky-action probability. */
  randomStarts: { noops: number } | false;
  stickyActions: number;
  /** Whether a second worker acted while the agent's trained (see TrainGameOptions.overlap), and why not when it did not. */
  overlap: { on: true } | { on: false; reason: string };
}

/**
 * trainGame's default `overlap`: off. Acting one round behind bought breakout 1.5x the steps a second
 * and learned no worse per step there, but in 5 minutes of snake it left a greedy policy at 1.3x and
 * 0.7x random play where acting on the latest weights reached 3.5x and 3.4x (docs/measured.md,
 * "Five minutes by the clock"): the exact algorithm by default, the speed on request.
 */
export const TRAIN_OVERLAP = false;

/**
 * trainGame's default `randomStarts`: off. Measured on the demos (README, "Varied starts"): on catch
 * (DoubleDQN) training with no-op starts cost nothing, but on Pong (PPO, 100,000 steps) it cost much
 * of what was learned; playGame varies starts by default instead, so the evaluation shows a policy
 * that only knows one trajectory. Turn them on with `randomStarts: {}` (or `{ noops: N }`).
 */
export const TRAIN_RANDOM_STARTS: RandomStartsOptions | false = false;

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Checks trainGame's options; AgentError naming each problem. */
function checkOptions(o: TrainGameOptions): void {
  const problems: string[] = [];
  if (o.envs !== undefined && !isPosInt(o.envs)) problems.push(`envs must be a positive integer (got ${String(o.envs)})`);
  const pretrainOnly = o.steps === 0 && o.demonstrations !== undefined;
  if (o.steps !== undefined && !isPosInt(o.steps) && !pretrainOnly) problems.push(`steps must be a positive integer, or 0 with demonstrations (pre-training only) (got ${String(o.steps)})`);
  if (o.seconds !== undefined && !(typeof o.seconds === 'number' && o.seconds > 0 && Number.isFinite(o.seconds))) problems.push(`seconds must be a positive number (got ${String(o.seconds)})`);
  if (o.frames !== undefined && !isPosInt(o.frames)) problems.push(`frames (the old name of steps) must be a positive integer (got ${String(o.frames)})`);
  if (o.steps !== undefined && o.frames !== undefined) problems.push('give steps or its old name frames, not both');
  if (o.overlap !== undefined && typeof o.overlap !== 'boolean') problems.push(`overlap must be a boolean (got ${String(o.overlap)})`);
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) problems.push(`seed must be an integer (got ${String(o.seed)})`);
  if (o.startTimeoutMs !== undefined && !(typeof o.startTimeoutMs === 'number' && o.startTimeoutMs > 0)) problems.push(`startTimeoutMs must be a positive number (got ${String(o.startTimeoutMs)})`);
  if (o.agent !== undefined && o.agent.players !== (o.envs ?? 1)) problems.push(`agent has ${o.agent.players} players; envs must equal it (got ${o.envs ?? 1})`);
  checkStartOptions(o, problems);
  if (problems.length > 0) throw new AgentError(`trainGame: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
}

/**
 * Trains an agent for `spec` on `options.envs` copies of the entry's scene, stepped by hand as fast
 * as the trainer allows, for `options.steps` agent steps over all copies (or `options.seconds`).
 * Resolves with the agent (the caller saves and disposes it) and the run's numbers. Throws
 * AgentError (entry or options), what createAgent throws (SpecError, BackendError ...), GameError
 * when the game fails (a scene throws, Phaser does not boot, a scene never starts), an attach
 * callback's AgentCallbackError, and a worker's failure: it rejects, never hangs, on each.
 */
export async function trainGame<S extends object>(entryOrModule: TrainingEntry<S> | { default: TrainingEntry<S> }, spec: unknown, options: TrainGameOptions = {}): Promise<TrainGameResult> {
  const entry = checkTrainingEntry<S>(entryOrModule);
  checkOptions(options);
  const envs = options.envs ?? 1;
  const steps = options.steps ?? options.frames ?? (options.seconds === undefined ? 10_000 : Infinity);
  const sticky = options.stickyActions ?? 0;
  // Checked against the entry's actions before anything starts (the agent's are the entry's, or checked equal below).
  const starts = resolveStarts(options.randomStarts ?? TRAIN_RANDOM_STARTS, entry, options.agent?.actions ?? entry.actions, 'trainGame');
  const phaser = await phaserModule(options.phaser);
  const progress = options.progress;
  if (progress !== undefined) Object.assign(progress, newRunProgress(envs));
  const agent = options.agent ?? await createAgent(spec, {
    actions: entry.actions,
    ...(entry.observation === undefined ? {} : { observation: entry.observation }),
    backend: options.backend ?? 'auto',
    ...(options.specName === undefined ? {} : { specName: options.specName }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    players: envs,
  });
  const hidden = options.parent === undefined ? hiddenParent() : null;
  let copies: GameCopies<S> | null = null;
  const budget = new StepBudget(envs, steps, options, options.seconds);
  let actor: LaggedActor | string = 'no copy was started';
  const offs = [
    agent.on('episode', budget.episode),
    ...(options.onTrain === undefined ? [] : [agent.on('train', options.onTrain)]),
    ...(options.onWarning === undefined ? [] : [agent.on('warning', options.onWarning)]),
  ];
  try {
    let demonstrations: UseDemonstrationsResult | null = null;
    if (options.demonstrations !== undefined) {
      if (progress !== undefined) progress.phase = 'demonstrations';
      const { demos, pretrainSteps } = options.demonstrations;
      demonstrations = await agent.learnFromDemonstrations(demos, {
        ...(pretrainSteps === undefined ? {} : { pretrainSteps }),
        onPretrain: (done) => {
          if (progress !== undefined) progress.pretrained = done;
        },
      });
    }
    if (steps === 0) return pretrainedOnly(agent, demonstrations);
    if (progress !== undefined) progress.phase = 'booting';
    const seed = options.seed ?? 0;
    copies = await GameCopies.start(phaser, entry, envs, seed, options.parent ?? hidden!.element, startOptions(options));
    actor = options.overlap ?? TRAIN_OVERLAP ? await agent.startLaggedActor() : 'overlap is off';
    const run = await runCopies(agent, copies, entry, 'train', budget.stopTest(), progress, { starts, sticky, seed }, typeof actor === 'string' ? null : actor);
    if (progress !== undefined) progress.phase = 'done';
    const { returns } = budget;
    const last = returns.slice(-100);
    const trained = run.counters.observed * envs;
    return {
      agent,
      steps: trained,
      episodes: returns.length,
      unfinishedEpisodes: budget.unfinished,
      returnMean100: last.length === 0 ? NaN : last.reduce((s, p) => s + p.return, 0) / last.length,
      returns,
      seconds: run.timing.totalMs / 1000,
      decisionsPerSecond: trained / (run.timing.totalMs / 1000),
      stoppedBy: budget.stoppedBy ?? 'steps',
      backend: agent.backend,
      timing: run.timing,
      demonstrations,
      randomStarts: starts === null ? false : { noops: starts.noops },
      stickyActions: sticky,
      overlap: typeof actor === 'string' ? { on: false, reason: actor } : { on: true },
    };
  } catch (e) {
    if (options.agent === undefined) await agent.dispose();
    throw e;
  } finally {
    // runCopies closes it; not when it failed before the copies ran (an entry's attach that threw).
    if (actor instanceof LaggedActor) await actor.close();
    offs.forEach((off) => off());
    copies?.destroy();
    hidden?.remove();
  }
}

/** trainGame's result with `steps: 0`: the demonstrations' pre-training only, no copy started. */
function pretrainedOnly(agent: Agent, demonstrations: UseDemonstrationsResult | null): TrainGameResult {
  const timing = splitRunTiming({ stepMs: 0, tickMs: 0, captureMs: 0, waitMs: 0, totalMs: 0 }, zeroTrainerTiming());
  return {
    agent, steps: 0, episodes: 0, unfinishedEpisodes: 0, returnMean100: NaN, returns: [], seconds: 0, decisionsPerSecond: 0, stoppedBy: 'steps',
    backend: agent.backend, timing, demonstrations, randomStarts: false, stickyActions: 0, overlap: { on: false, reason: 'no copy was started' },
  };
}
