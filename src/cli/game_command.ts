/**
 * `pixelpilot train SPEC --game ENTRY [--envs N] [--steps N] [--seed S] [--backend ...]
 * [--browser PATH] [--save FILE] [--plot FILE.svg] [--metrics FILE] [--json]` and `pixelpilot eval POLICY --game
 * ENTRY [--envs N] [--episodes N]`: the game's own scene, N copies stepped by hand in headless
 * Chromium (the fast mode, src/game/train_game.ts), with the same JSON line and policy file as `--env`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BackendName } from '../backend/select_backend';
import { decodePolicyFile } from '../store/policy_file';
import { savePolicy } from '../store/policy_store';
import { findBrowser } from './find_browser';
import { EpisodeLog } from '../env/wrappers/episode_stats';
import { buildGamePage, runInBrowser, type PageEvent } from './game_page';
import { learningCurveSvg, type ReturnPoint } from './learning_plot';
import { MetricsFile, metricsInterval } from './metrics_file';
import { parsePositiveInt, parseSeed } from './args';
import { UsageError } from '../util/errors';
import { ProgressBar } from './progress';
import { readSpecFile, readSpecText } from './read_spec_file';
import { savedPolicyNote } from './saved_policy_note';
import type { TrainResult } from './train_command';

/** Flags of `train --game`. */
export interface GameTrainFlags {
  name?: string;
  game: string;
  envs?: string;
  steps?: string;
  seed?: string;
  backend?: string;
  browser?: string;
  save?: string;
  plot?: string;
  metrics?: string;
}

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'];

function parseBrowserBackend(text: string | undefined): string {
  if (text === undefined) return 'auto';
  if (!BACKENDS.includes(text)) throw new UsageError(`--backend must be auto, webgpu, wasm or cpu with --game, got '${text}'`);
  return text;
}

/** What the page's trainGame returned (policy: the file's bytes, base64). */
interface PageTrainResult {
  steps: number;
  episodes: number;
  returnMean100: number | null;
  returns: ReturnPoint[];
  seconds: number;
  decisionsPerSecond: number;
  backend: BackendName;
  policy?: string;
}

/** Trains on the entry's scene in headless Chromium; the result is `train --env`'s. */
export async function trainGameCommand(specPath: string, flags: GameTrainFlags, log: (line: string) => void): Promise<TrainResult> {
  const { spec, warnings } = await readSpecFile(specPath, flags.name);
  for (const w of warnings) log(`warning: ${w.path}: ${w.message}`);
  const steps = flags.steps !== undefined ? parsePositiveInt('steps', flags.steps) : spec.env.max_frame;
  if (steps === null) throw new UsageError('--steps is required: the spec sets no env.max_frame');
  const envs = flags.envs === undefined ? 1 : parsePositiveInt('envs', flags.envs);
  const seed = parseSeed(flags.seed, spec.meta.random_seed ?? 0);
  const backend = parseBrowserBackend(flags.backend);
  const browser = findBrowser(flags.browser);
  const page = await buildGamePage(flags.game);
  const progress = new ProgressBar(steps);
  const started = Date.now();
  let metrics: MetricsFile | null = null;
  let r: PageTrainResult;
  try {
    // The same lines as `train --env`, from the page's events as they come.
    const m = metrics = new MetricsFile(flags.metrics, metricsInterval(spec.meta.log_frequency, steps));
    const episodes = new EpisodeLog();
    const onEvents = (events: PageEvent[]): void => {
      for (const e of events) {
        if (e[0] === 1) episodes.episodes.push({ return: e[1], length: e[2] });
        else if (e[0] === 2) m.addLoss(e[1], e[2]);
        else {
          progress.update(e[1], episodes.meanReturn(100), m.loss);
          m.step(e[1], episodes.count, episodes.meanReturn(100), e[2]);
        }
      }
    };
    // The spec file's text goes to the page as it is (createAgent reads comments and trailing commas).
    const text = await readSpecText(specPath);
    r = await runInBrowser<PageTrainResult>(browser, page, { command: 'train', spec: text, specName: flags.name, envs, steps, seed, backend, save: flags.save !== undefined }, onEvents);
  } finally {
    metrics?.close();
    page.close();
  }
  progress.done();
  if (flags.save !== undefined) {
    const bytes = Uint8Array.from(Buffer.from(r.policy!, 'base64'));
    const artifacts = decodePolicyFile(bytes, `${flags.save} (policy to save)`);
    await savePolicy(flags.save, artifacts);
    log(await savedPolicyNote(flags.save, artifacts));
  }
  if (flags.plot !== undefined) await writeFile(flags.plot, learningCurveSvg(r.returns, `${spec.name} on ${flags.game}, ${envs} cop${envs === 1 ? 'y' : 'ies'}`));
  log(`${r.steps} agent steps over ${envs} cop${envs === 1 ? 'y' : 'ies'} in ${r.seconds.toFixed(1)} s of stepping: ${r.decisionsPerSecond.toFixed(0)} decisions/s`);
  return {
    steps: r.steps,
    episodes: r.episodes,
    return_mean_100: r.returnMean100 !== null && Number.isFinite(r.returnMean100) ? r.returnMean100 : null,
    seconds: (Date.now() - started) / 1000,
    backend: r.backend,
  };
}

/** Flags of `eval --game`. */
export interface GameEvalFlags {
  game: string;
  envs?: string;
  episodes?: string;
  seed?: string;
  backend?: string;
  browser?: string;
}

/** `eval --game`'s JSON (the same keys as `eval --env`). */
export interface GameEvalResult {
  episodes: number;
  return_mean: number;
  return_std: number;
}

/** Plays a policy file greedily on the entry's scene in headless Chromium. */
export async function evalGameCommand(policyPath: string, flags: GameEvalFlags): Promise<GameEvalResult> {
  const episodes = flags.episodes === undefined ? 100 : parsePositiveInt('episodes', flags.episodes);
  const envs = flags.envs === undefined ? 1 : parsePositiveInt('envs', flags.envs);
  const seed = parseSeed(flags.seed, 1);
  const backend = parseBrowserBackend(flags.backend);
  const browser = findBrowser(flags.browser);
  const bytes = await readFile(policyPath).catch((e: Error) => {
    throw new UsageError(`${policyPath}: cannot read the policy file (${e.message})`);
  });
  const page = await buildGamePage(flags.game);
  try {
    const r = await runInBrowser<{ episodes: number; returnMean: number; returnStd: number }>(browser, page,
      { command: 'eval', policy: bytes.toString('base64'), envs, episodes, seed, backend }, () => undefined);
    return { episodes: r.episodes, return_mean: r.returnMean, return_std: r.returnStd };
  } finally {
    page.close();
  }
}
