/**
 * `pixelpilot train SPEC --game ENTRY [--envs N] [--steps N] [--minutes M] [--seed S] [--backend ...]
 * [--browser PATH] [--save FILE] [--plot FILE.svg] [--metrics FILE] [--watchdog S] [--json]` and
 * `pixelpilot eval POLICY --game ENTRY [--envs N] [--episodes N] [--watchdog S]`: the game's own
 * scene, N copies stepped by hand in headless Chromium (the page program, src/game/page/, running
 * trainGame / playGame), with the same JSON line and policy file as `--env`. The page's warnings are
 * printed as `pixelpilot: warning: ...`; its errors stop the run, printed in the user's files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BackendName } from '../backend/select_backend';
import { writePolicyFileBytes } from '../store/node_policy_file';
import { UsageError } from '../util/errors';
import { EpisodeLog } from '../env/wrappers/episode_stats';
import { DEMOS_PATH, PAGE_PROTOCOL, POLICY_PATH, type EvalPageResult, type PageEvent, type TrainPageResult } from '../game/page/protocol';
import { parsePositiveInt, parsePositiveNumber, parseSeed, parseWatchdog } from './args';
import { findBrowser } from './find_browser';
import { buildGamePage } from './game_page';
import { learningCurveSvg } from './learning_plot';
import { MetricsFile, metricsInterval, timedMetricsInterval } from './metrics_file';
import { runGamePage } from './page_session';
import { ProgressBar } from './progress';
import { readSpecFile, readSpecText } from './read_spec_file';
import { WATCHDOG_SECONDS } from './run_watchdog';
import { savedPolicyNote } from './saved_policy_note';
import { demoResult, type TrainResult } from './train_command';
import type { AgentWarning } from '../attach/warnings';
import type { RunTiming } from '../game/run_timing';
import { describeStarts, startOptions, type GameStartFlags } from './start_flags';


/** Flags of `train --game`. */
export interface GameTrainFlags extends GameStartFlags {
  name?: string;
  game: string;
  envs?: string;
  steps?: string;
  /** Stop after this many minutes of stepping (or at --steps, whichever comes first). */
  minutes?: string;
  seed?: string;
  backend?: string;
  browser?: string;
  save?: string;
  plot?: string;
  metrics?: string;
  watchdog?: string;
  /** A demonstration file to learn from (pre-training first, then DQfD or cloning beside RL). */
  demos?: string;
  /** Act on a second worker, one training round behind, while the first trains (trainGame's overlap: true). */
  overlap?: boolean;
}

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
type PageBackend = (typeof BACKENDS)[number];

function parseBrowserBackend(text: string | undefined): PageBackend {
  if (text === undefined) return 'auto';
  if (!(BACKENDS as readonly string[]).includes(text)) throw new UsageError(`--backend must be auto, webgpu, wasm or cpu with --game, got '${text}'`);
  return text as PageBackend;
}

/** The watchdog's seconds, and the same bound on the copies' start (boot and create()) in the page; none when 0. */
function watchdogOf(text: string | undefined): { seconds: number; start: { startTimeoutMs?: number } } {
  const seconds = parseWatchdog(text, WATCHDOG_SECONDS);
  return { seconds, start: seconds > 0 ? { startTimeoutMs: seconds * 1000 } : {} };
}

/** Prints the page's warnings. */
const warn = (log: (line: string) => void) => (e: PageEvent): void => {
  if (e.type === 'warning') log(`pixelpilot: warning: ${e.warning.message}`);
};

/** Trains on the entry's scene in headless Chromium; the result is `train --env`'s. */
export async function trainGameCommand(specPath: string, flags: GameTrainFlags, log: (line: string) => void): Promise<TrainResult> {
  const { spec, warnings } = await readSpecFile(specPath, flags.name);
  for (const w of warnings) log(`warning: ${w.path}: ${w.message}`);
  // With demonstrations, --steps 0 means: pre-train only (as train --env).
  const seconds = flags.minutes === undefined ? null : parsePositiveNumber('minutes', flags.minutes) * 60;
  // With --minutes and no --steps, the time alone ends the run (not the spec's env.max_frame).
  const steps = flags.steps !== undefined ? (flags.demos !== undefined && flags.steps.trim() === '0' ? 0 : parsePositiveInt('steps', flags.steps)) : seconds !== null ? null : spec.env.max_frame;
  if (steps === null && seconds === null) throw new UsageError('--steps (or --minutes) is required: the spec sets no env.max_frame');
  const envs = flags.envs === undefined ? 1 : parsePositiveInt('envs', flags.envs);
  const seed = parseSeed(flags.seed, spec.meta.random_seed ?? 0);
  const backend = parseBrowserBackend(flags.backend);
  const watchdog = watchdogOf(flags.watchdog);
  const starts = startOptions(flags);
  const browser = findBrowser(flags.browser);
  // The spec file's text goes to the page as it is (createAgent reads comments and trailing commas).
  const text = await readSpecText(specPath);
  const demos = flags.demos === undefined ? null : await readFile(flags.demos).catch((e: Error) => {
    throw new UsageError(`--demos ${flags.demos}: cannot read the demonstration file (${e.message})`);
  });
  // The page downloads the file from its own server and its agent's worker checks it against its spaces.
  const page = await buildGamePage(flags.game, demos === null ? {} : { [DEMOS_PATH]: demos });
  const progress = new ProgressBar(steps === null ? { seconds: seconds! } : { steps: Math.max(1, steps) });
  const started = Date.now();
  let metrics: MetricsFile | null = null;
  let r: TrainPageResult;
  try {
    // The same lines as `train --env`, from the page's events as they come.
    const m = metrics = new MetricsFile(flags.metrics, steps === null ? timedMetricsInterval(spec.meta.log_frequency) : metricsInterval(spec.meta.log_frequency, steps));
    const episodes = new EpisodeLog();
    const warning = warn(log);
    const onEvent = (e: PageEvent): void => {
      if (e.type === 'episode') episodes.episodes.push({ return: e.return, length: e.length });
      else if (e.type === 'train') m.addRound(e);
      else if (e.type === 'step') {
        progress.update(e.steps, episodes.meanReturn(100), m.loss, e.seconds);
        m.step(e.steps, episodes.count, episodes.meanReturn(100), e.seconds);
      } else warning(e);
    };
    r = await runGamePage<TrainPageResult>(browser, page, {
      command: 'train',
      protocol: PAGE_PROTOCOL,
      spec: text,
      // trainGame's own options, as they are.
      options: { ...(flags.name === undefined ? {} : { specName: flags.name }), envs, ...(steps === null ? {} : { steps }), ...(seconds === null ? {} : { seconds }), seed, backend, ...watchdog.start, ...starts, ...(flags.overlap === true ? { overlap: true } : {}) },
      save: flags.save !== undefined,
      demos: demos === null ? null : { pretrainSteps: spec.agent.algorithm.demo_pretrain_steps },
    }, { watchdogSeconds: watchdog.seconds, onEvent });
    // A lagged actor's learner ends its last round after the copies' last step: its line comes last.
    if (r.overlap.on) m.end();
  } finally {
    metrics?.close();
    page.close();
  }
  progress.done();
  const demo = r.demonstrations === null ? {} : demoResult(r.demonstrations, flags.demos!, log);
  if (flags.save !== undefined) {
    // The page's bytes as they are (the worker wrote and verified them), written aside and renamed over the target.
    if (r.policy === null) throw new Error('the page sent no policy file to save');
    await writePolicyFileBytes(flags.save, r.policy);
    log(await savedPolicyNote(flags.save, true));
  }
  if (flags.plot !== undefined) await writeFile(flags.plot, learningCurveSvg(r.returns, `${spec.name} on ${flags.game}, ${envs} cop${envs === 1 ? 'y' : 'ies'}`));
  log(`${r.steps} agent steps over ${envs} cop${envs === 1 ? 'y' : 'ies'} in ${r.seconds.toFixed(1)} s of stepping: ${r.decisionsPerSecond.toFixed(0)} decisions/s${r.stoppedBy === 'time' ? `; stopped by --minutes ${flags.minutes}` : ''}`);
  log(`random starts: ${describeStarts(r.randomStarts, r.stickyActions)}`);
  log(`acting: ${r.overlap.on ? 'on a second worker, on weights one round behind, while the first trained (--overlap)' : `in the training worker (${r.overlap.reason})`}`);
  log(`where the time went: ${describeTiming(r.timing)}`);
  if (r.unfinishedEpisodes > 0) log(`${r.episodes} episodes ended; ${r.unfinishedEpisodes} still open when the run stopped are not counted (their returns are partial)`);
  return {
    steps: r.steps,
    episodes: r.episodes,
    episodes_unfinished: r.unfinishedEpisodes,
    return_mean_100: Number.isFinite(r.returnMean100) ? r.returnMean100 : null,
    seconds: (Date.now() - started) / 1000,
    backend: r.backend as BackendName,
    ...demo,
  };
}

/** A run's time split (run_timing.ts) in words: each part's seconds and share, largest first. */
export function describeTiming(t: RunTiming): string {
  const parts: [string, number][] = [
    ['stepping the game', t.steppingMs], ['capture', t.captureMs], ['acting', t.actingMs],
    [t.besideMs === undefined ? 'training' : 'waiting for training', t.trainingMs], ['transfer', t.transferMs], ['other', t.otherMs],
  ];
  const total = Math.max(t.totalMs, 1e-9);
  const split = parts.sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s (${Math.round((100 * ms) / total)}%)`).join(', ');
  return t.besideMs === undefined ? split : `${split}; besides, training while the game went on ${(t.besideMs / 1000).toFixed(1)} s`;
}

/** Flags of `eval --game`. */
export interface GameEvalFlags extends GameStartFlags {
  game: string;
  envs?: string;
  episodes?: string;
  seed?: string;
  backend?: string;
  browser?: string;
  watchdog?: string;
}

/** `eval --game`'s JSON (the keys of `eval --env`, then the spread and how the starts were varied). */
export interface GameEvalResult {
  episodes: number;
  return_mean: number;
  return_std: number;
  /** The mean's standard error (null under 2 episodes). */
  return_se: number | null;
  return_min: number;
  return_median: number;
  return_max: number;
  /** Distinct episodes (by the actions the game got each frame and the return). */
  distinct_episodes: number;
  /** Every episode was the same one (then the page warned 'identical-episodes'). */
  identical_episodes: boolean;
  random_starts: { noops: number } | false;
  sticky_actions: number;
  warnings: AgentWarning[];
}

/** Plays a policy file greedily on the entry's scene in headless Chromium. */
export async function evalGameCommand(policyPath: string, flags: GameEvalFlags, log: (line: string) => void): Promise<GameEvalResult> {
  const episodes = flags.episodes === undefined ? 100 : parsePositiveInt('episodes', flags.episodes);
  const envs = flags.envs === undefined ? 1 : parsePositiveInt('envs', flags.envs);
  const seed = parseSeed(flags.seed, 1);
  const backend = parseBrowserBackend(flags.backend);
  const watchdog = watchdogOf(flags.watchdog);
  const starts = startOptions(flags);
  const browser = findBrowser(flags.browser);
  const bytes = await readFile(policyPath).catch((e: Error) => {
    throw new UsageError(`${policyPath}: cannot read the policy file (${e.message})`);
  });
  // The page downloads the file from its own server: binary, no encoding on the way.
  const page = await buildGamePage(flags.game, { [POLICY_PATH]: bytes });
  try {
    const r = await runGamePage<EvalPageResult>(browser, page, {
      command: 'eval',
      protocol: PAGE_PROTOCOL,
      agent: { players: envs, backend },
      // playGame's own options, as they are.
      options: { episodes, seed, ...watchdog.start, ...starts },
    }, { watchdogSeconds: watchdog.seconds, onEvent: warn(log) });
    return {
      episodes: r.episodes,
      return_mean: r.returnMean,
      return_std: r.returnStd,
      return_se: Number.isFinite(r.returnStandardError) ? r.returnStandardError : null,
      return_min: r.returnMin,
      return_median: r.returnMedian,
      return_max: r.returnMax,
      distinct_episodes: r.distinctEpisodes,
      identical_episodes: r.identicalEpisodes,
      random_starts: r.randomStarts,
      sticky_actions: r.stickyActions,
      warnings: r.warnings,
    };
  } finally {
    page.close();
  }
}
