/**
 * Runs the page program in headless Chromium for `train|eval --game` and waits for how it ends,
 * never forever: its result, its error (mapped back to the user's files), an error the page
 * program never saw (the page's own), a crash, a closed browser, or the watchdog (run_watchdog.ts).
 */
import type { Browser } from 'playwright-core';
import { GameError } from '../util/errors';
import { BINDINGS, type PageError, type PageEvent, type PageResult, type RunConfig } from '../game/page/protocol';
import { importTool } from './find_browser';
import type { GamePage } from './game_page';
import { RunWatchdog } from './run_watchdog';

/** How long an error the page reports itself waits for the page program's own report of it. */
const PAGE_ERROR_GRACE_MS = 2000;

/** Options of runGamePage. */
export interface PageRunOptions {
  /** Seconds the run may stand still before it is stopped (0: never). */
  watchdogSeconds: number;
  /** Each event of the run, in order, as it comes. */
  onEvent: (e: PageEvent) => void;
  /** Aborting it ends the run: the browser closes and the run rejects with the signal's reason. Default: none. */
  signal?: AbortSignal;
  /** Called once the browser runs (a caller's own watchdog starts then). Default: nothing. */
  onLaunched?: () => void;
  /**
   * Leave SIGINT, SIGTERM and SIGHUP to the caller (Playwright otherwise closes the browser and
   * exits the process on them). Default false.
   */
  ownSignals?: boolean;
}

/** Launches the browser, runs `config` in the page and resolves with its result; rejects with why it ended otherwise. */
export async function runGamePage<R extends PageResult>(browserPath: string, page: GamePage, config: RunConfig, options: PageRunOptions): Promise<R> {
  const { chromium } = await importTool<typeof import('playwright-core')>('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'],
    ...(options.ownSignals === true ? { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } : {}),
  });
  const watchdog = new RunWatchdog(options.watchdogSeconds);
  let ended = false;
  let resolve!: (r: R) => void;
  let reject!: (e: Error) => void;
  const outcome = new Promise<R>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // It may fail (an abort) before it is awaited below: not an unhandled rejection meanwhile.
  outcome.catch(() => undefined);
  options.onLaunched?.();
  const end = (settle: () => void): void => {
    if (ended) return;
    ended = true;
    settle();
  };
  const fail = (e: Error): void => end(() => reject(e));
  const timer = setInterval(() => {
    const stalled = watchdog.check();
    if (stalled !== null) fail(stalled);
  }, 250);
  const signal = options.signal;
  const onAbort = (): void => fail(signal!.reason instanceof Error ? signal!.reason : new Error('the run was stopped'));
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted === true) onAbort();
  try {
    browser.on('disconnected', () => fail(new Error('the browser closed while the page ran')));
    const tab = await browser.newPage();
    await tab.exposeBinding(BINDINGS.config, () => config);
    await tab.exposeBinding(BINDINGS.events, (_source, events: PageEvent[]) => {
      if (ended) return;
      try {
        for (const e of events) {
          watchdog.saw(e);
          options.onEvent(e);
        }
      } catch (e) {
        fail(e as Error);
      }
    });
    await tab.exposeBinding(BINDINGS.result, (_source, result: R) => end(() => resolve(result)));
    await tab.exposeBinding(BINDINGS.fail, (_source, error: PageError) => fail(page.map.toError(error)));
    // An error of the page the page program did not report (it failed to load, or reports it later).
    tab.on('pageerror', (e) => {
      const error = page.map.toError({ name: e.name, message: e.message, code: null, stack: e.stack ?? null, stage: null, copy: null, cause: null });
      setTimeout(() => fail(error), PAGE_ERROR_GRACE_MS).unref();
    });
    tab.on('crash', () => fail(new GameError('uncaught', 'the page crashed (out of memory? see the game\'s allocations)')));
    tab.goto(`${page.origin}/index.html`).catch((e: Error) => fail(new Error(`the page did not open: ${e.message}`)));
    return await outcome;
  } finally {
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    clearInterval(timer);
    await browser.close();
  }
}
