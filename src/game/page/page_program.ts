/**
 * The page `pixelpilot train|eval --game` runs in headless Chromium (built into dist/game_page.js;
 * the CLI bundles it with a few-line stub that passes in the user's training entry and phaser).
 * It asks Node for its RunConfig, runs trainGame, playGame or serves the copies (page_serve.ts), sends what happens as PageEvents and
 * ends with one `result` or one `fail` (protocol.ts). Every failure ends the run with its error:
 * the entry failing at import, the game failing (trainGame's GameError), an attach callback, the
 * worker, and any error or rejection nobody caught.
 */
import { loadAgent } from '../../agent/load_agent';
import { metricExtras } from '../../algorithm/algorithm';
import { checkTrainingEntry } from '../training_entry';
import { GameError } from '../../util/errors';
import { describeThrown } from '../game_failure';
import { playGame } from '../play_game';
import { newRunProgress, type RunProgress } from '../run_progress';
import { trainGame } from '../train_game';
import { servePage } from './page_serve';
import { openServeSocket } from './serve_socket';
import { BINDINGS, DEMOS_PATH, HEARTBEAT_MS, PAGE_PROTOCOL, POLICY_PATH, toPageError, type DescribePageResult, type EvalPageResult, type EvalRunConfig, type PageError, type PageEvent, type PagePhase, type PageResult, type RunConfig, type TrainPageResult, type TrainRunConfig } from './protocol';
import type { PhaserLike } from '../game_copies';
import { recordInPage } from './record_page';

/** The modules the stub passes in, imported on demand so that a throw at import is the run's error. */
export interface PageModules {
  /** `() => import(ENTRY)`. */
  entry: () => Promise<unknown>;
  /** `() => import('phaser')` (resolved from the entry's folder). */
  phaser: () => Promise<unknown>;
}

/** Node's side as the page sees it (the window's bindings, or a test's stand-ins). */
export interface PageChannel {
  config(): Promise<RunConfig>;
  events(events: PageEvent[]): unknown;
  result(result: PageResult): unknown;
  fail(error: PageError): unknown;
}

/** Steps flush the events at most this often (besides the heartbeat), in ms. */
const EAGER_FLUSH_MS = 50;

/** How long an uncaught error waits for the run's own rejection (which names the game's stage) before it is the run's error. */
const UNCAUGHT_GRACE_MS = 1000;

/** Starts the page program on the window's bindings. */
export function startGamePage(modules: PageModules): void {
  const w = window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const channel: PageChannel = {
    config: () => w[BINDINGS.config]!() as Promise<RunConfig>,
    events: (events) => w[BINDINGS.events]!(events),
    result: (result) => w[BINDINGS.result]!(result),
    fail: (error) => w[BINDINGS.fail]!(error),
  };
  void runGamePage(modules, channel);
}

/** Runs the page program over `channel`; resolves once it sent its result or its error. */
export async function runGamePage(modules: PageModules, channel: PageChannel): Promise<void> {
  const t0 = performance.now();
  const run = newRunProgress();
  let phase: PagePhase | null = 'loading';
  let batch: PageEvent[] = [];
  let ended = false;
  let flushed = 0;
  const flush = (): void => {
    if (ended) return;
    flushed = performance.now();
    const progress = { ...run, lastDone: [...run.lastDone], phase: phase ?? run.phase, seconds: (performance.now() - t0) / 1000 };
    const events = batch;
    batch = [];
    events.push({ type: 'progress', progress });
    void channel.events(events);
  };
  const heartbeat = setInterval(flush, HEARTBEAT_MS);
  const end = (send: () => unknown): void => {
    if (ended) return;
    flush();
    ended = true;
    clearInterval(heartbeat);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    void send();
  };
  const fail = (e: unknown): void => end(() => channel.fail(toPageError(e)));
  // An error or rejection that no call awaited ends the run too (even one that ends well meanwhile),
  // unless the run's own error (which names where in the game it happened) comes first.
  let uncaught: GameError | null = null;
  function onError(ev: ErrorEvent | PromiseRejectionEvent): void {
    const cause: unknown = 'reason' in ev ? ev.reason : ev.error ?? ev.message;
    const e = (uncaught ??= new GameError('uncaught', `an error nobody caught: ${describeThrown(cause)}`, { cause }));
    setTimeout(() => fail(e), UNCAUGHT_GRACE_MS);
  }
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);
  try {
    const config = await channel.config();
    if (config.protocol !== PAGE_PROTOCOL) throw new Error(`the page program speaks protocol ${PAGE_PROTOCOL}, the command ${String(config.protocol)}: the CLI and its dist/ come from different builds`);
    let entry: unknown;
    try {
      entry = await modules.entry();
    } catch (e) {
      throw new GameError('import', `the training entry threw while it was imported: ${describeThrown(e)}`, { cause: e });
    }
    const phaser = (await modules.phaser()) as PhaserLike;
    phase = null;
    const push = (e: PageEvent): void => {
      batch.push(e);
      // Soon after the run starts deciding, Node hears it (a game that freezes at once is reported as running).
      if (e.type === 'step' && performance.now() - flushed >= EAGER_FLUSH_MS) flush();
    };
    const result = config.command === 'train'
      ? await train(config, entry, phaser, push, run, (p) => (phase = p))
      : config.command === 'eval'
        ? await evaluate(config, entry, phaser, push, run)
        : config.command === 'record'
          ? await recordInPage(config, entry, phaser, push, run)
          : config.command === 'serve'
            ? await servePage(config, entry, phaser, await openServeSocket(config.link), run, push)
            : describe(entry);
    if (uncaught !== null) throw uncaught;
    end(() => channel.result(result));
  } catch (e) {
    fail(e);
  }
}

type Push = (e: PageEvent) => void;

async function train(config: TrainRunConfig, entry: unknown, phaser: PhaserLike, push: Push, run: RunProgress, setPhase: (p: PagePhase) => void): Promise<TrainPageResult> {
  const demos = config.demos === null ? null : { demos: await download(DEMOS_PATH, 'demonstration'), pretrainSteps: config.demos.pretrainSteps };
  const r = await trainGame(entry as never, config.spec, {
    ...config.options,
    ...(demos === null ? {} : { demonstrations: demos }),
    phaser,
    progress: run,
    onEpisode: (e) => push({ type: 'episode', return: e.return, length: e.steps }),
    onTrain: (t) => push({ type: 'train', loss: t.loss, updates: t.updates, extra: metricExtras(t.extra) }),
    onStep: (steps, seconds) => push({ type: 'step', steps, seconds }),
    onWarning: (warning) => push({ type: 'warning', warning }),
  });
  const { agent, ...out } = r;
  try {
    setPhase('exporting');
    const policy = config.save ? await agent.exportPolicy({ training: true }) : null;
    return { command: 'train', ...out, policy };
  } finally {
    await agent.dispose();
  }
}

/** The entry's actions and observation options (checked as trainGame checks the entry; plain data). */
function describe(value: unknown): DescribePageResult {
  const entry = checkTrainingEntry(value, 'import --game');
  return { command: 'describe', actions: [...entry.actions], observation: entry.observation === undefined ? null : structuredClone(entry.observation) };
}

/** A file the command put beside the page (binary, no encoding on the way). */
async function download(path: string, what: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`the page could not download its ${what} file (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function evaluate(config: EvalRunConfig, entry: unknown, phaser: PhaserLike, push: Push, run: RunProgress): Promise<EvalPageResult> {
  const bytes = await download(POLICY_PATH, 'policy');
  const agent = await loadAgent(bytes, { ...config.agent, mode: 'inference' });
  const off = agent.on('warning', (warning) => push({ type: 'warning', warning }));
  try {
    return { command: 'eval', ...(await playGame(entry as never, agent, { ...config.options, phaser, progress: run })) };
  } finally {
    off();
    await agent.dispose();
  }
}
