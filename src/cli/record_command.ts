/**
 * `pixelpilot record --game ENTRY --steps N --out FILE [--envs N] [--seed S] [--frame-stack K]
 * [--reflex-lag K] [--random-starts | --no-random-starts | --noop-max N] [--sticky-actions P]
 * [--browser PATH] [--watchdog S] [--json]`: the training entry's
 * `heuristic(scene, player)` plays N copies of the game's own scene in headless Chromium (the page
 * program running recordGame), and what it did is written as a demonstration file that
 * `train SPEC --game ENTRY --demos FILE` learns from. Prints what it recorded: steps, episodes,
 * mean return. The start flags vary the episodes' starts as `train --game`'s do (off by default):
 * a clone learns only the states its demonstrations visited, so record on the starts it will meet.
 */
import { parseArgs } from 'node:util';
import { saveDemos } from '../store/demo_store';
import { UsageError } from '../util/errors';
import { PAGE_PROTOCOL, type PageEvent } from '../game/page/protocol';
import type { RecordPageResult } from '../game/page/record_protocol';
import { parsePositiveInt, parseSeed, parseWatchdog } from './args';
import { describeStarts, START_FLAGS, startFlags, startOptions, type GameStartFlags } from './start_flags';
import { findBrowser } from './find_browser';
import { buildGamePage } from './game_page';
import { runGamePage } from './page_session';
import { ProgressBar } from './progress';
import { WATCHDOG_SECONDS } from './run_watchdog';

/** `record --game`'s JSON. */
export interface RecordResult {
  /** Steps in the file (reflex lag applied), over all copies. */
  steps: number;
  /** Episodes the game ended while recording (the copies' open ones at the end are kept in the file, not counted here). */
  episodes: number;
  episodes_unfinished: number;
  /** Mean return of the ended episodes; null when none ended. */
  return_mean: number | null;
  seconds: number;
  out: string;
  bytes: number;
  checksum: string;
  frame_stack: number;
  reflex_lag: number;
  random_starts: { noops: number } | false;
  sticky_actions: number;
}

/** Runs `record` on the command line's `args`. */
export async function runRecord(args: string[], out: { log: (s: string) => void; err: (s: string) => void }): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      game: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      envs: { type: 'string' },
      seed: { type: 'string' },
      'frame-stack': { type: 'string' },
      'reflex-lag': { type: 'string' },
      browser: { type: 'string' },
      watchdog: { type: 'string' },
      ...START_FLAGS,
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`record takes no positional arguments (got ${positionals.join(' ')}): record --game ENTRY --steps N --out FILE`);
  if (values.game === undefined) throw new UsageError('record needs --game ENTRY (a training entry whose default export has heuristic(scene, player))');
  if (values.steps === undefined) throw new UsageError('record needs --steps N (agent steps to record, over all copies)');
  if (values.out === undefined) throw new UsageError('record needs --out FILE (the demonstration file to write)');
  const starts = startFlags(values.game, values['random-starts'], values['no-random-starts'], values['noop-max'], values['sticky-actions']);
  const r = await recordCommand({ ...values, ...starts, game: values.game, steps: values.steps, out: values.out }, out.err);
  if (values.json) out.log(JSON.stringify(r));
  else {
    const ret = r.return_mean === null ? '-' : r.return_mean.toFixed(2);
    out.log(`recorded ${r.steps} steps, ${r.episodes} episodes in ${r.seconds.toFixed(1)} s; mean return ${ret}; random starts: ${describeStarts(r.random_starts, r.sticky_actions)}; wrote ${r.out} (${r.bytes} bytes)`);
  }
}

/** Flags of `record --game` (the start flags as startFlags gives them). */
export interface RecordFlags extends GameStartFlags {
  game: string;
  steps: string;
  out: string;
  envs?: string | undefined;
  seed?: string | undefined;
  'frame-stack'?: string | undefined;
  'reflex-lag'?: string | undefined;
  browser?: string | undefined;
  watchdog?: string | undefined;
}

/** Records the entry's heuristic in headless Chromium and writes the file. */
export async function recordCommand(flags: RecordFlags, log: (line: string) => void): Promise<RecordResult> {
  const steps = parsePositiveInt('steps', flags.steps);
  const envs = flags.envs === undefined ? 1 : parsePositiveInt('envs', flags.envs);
  const seed = parseSeed(flags.seed, 0);
  const frameStack = flags['frame-stack'] === undefined ? undefined : parsePositiveInt('frame-stack', flags['frame-stack']);
  const lagText = flags['reflex-lag'];
  const reflexLag = lagText === undefined ? 0 : /^\d{1,4}$/.test(lagText) ? Number(lagText) : NaN;
  if (!(reflexLag >= 0 && reflexLag <= 1000)) throw new UsageError(`--reflex-lag must be an integer in [0, 1000], got '${lagText}'`);
  const starts = startOptions(flags);
  const watchdog = parseWatchdog(flags.watchdog, WATCHDOG_SECONDS);
  const browser = findBrowser(flags.browser);
  const page = await buildGamePage(flags.game);
  const progress = new ProgressBar(steps);
  const started = Date.now();
  const returns: number[] = [];
  let r: RecordPageResult;
  try {
    const onEvent = (e: PageEvent): void => {
      if (e.type === 'episode') returns.push(e.return);
      else if (e.type === 'step') progress.update(e.steps, returns.length === 0 ? NaN : returns.slice(-100).reduce((a, b) => a + b, 0) / Math.min(100, returns.length), NaN);
      else if (e.type === 'warning') log(`pixelpilot: warning: ${e.warning.message}`);
    };
    r = await runGamePage<RecordPageResult>(browser, page, {
      command: 'record',
      protocol: PAGE_PROTOCOL,
      // recordGame's own options, as they are.
      options: { envs, steps, seed, reflexLag, ...starts, ...(frameStack === undefined ? {} : { frameStack }), ...(watchdog > 0 ? { startTimeoutMs: watchdog * 1000 } : {}) },
    }, { watchdogSeconds: watchdog, onEvent });
  } finally {
    page.close();
  }
  progress.done();
  // Verified before it is written (aside, then renamed over the target).
  const saved = await saveDemos(flags.out, r.demos);
  if (r.unfinishedEpisodes > 0) log(`${r.episodes} episodes ended; ${r.unfinishedEpisodes} still open when the recording stopped are kept in the file (cut) but not counted`);
  return {
    steps: r.steps,
    episodes: r.episodes,
    episodes_unfinished: r.unfinishedEpisodes,
    return_mean: Number.isFinite(r.returnMean) ? r.returnMean : null,
    seconds: (Date.now() - started) / 1000,
    out: flags.out,
    bytes: saved.bytes,
    checksum: saved.checksum,
    frame_stack: r.frameStack,
    reflex_lag: reflexLag,
    random_starts: r.randomStarts,
    sticky_actions: r.stickyActions,
  };
}
