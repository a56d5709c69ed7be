/**
 * A training entry's `actions` and `observation`, read the way `train --game` reads them: the
 * entry bundled into the `--game` page (game_page.ts) and imported in headless Chromium, checked
 * as trainGame checks it, without starting the game (the page program's `describe` run). The
 * entry's module may touch Phaser and the page at import (scene classes extend Phaser.Scene), so
 * it is imported where it runs, not in Node. Takes about as long as a browser start.
 */
import type { PixelObservationOptions, VectorObservationOptions } from '../agent/agent_options';
import { PAGE_PROTOCOL, type DescribePageResult } from '../game/page/protocol';
import { findBrowser } from './find_browser';
import { buildGamePage } from './game_page';
import { runGamePage } from './page_session';
import { WATCHDOG_SECONDS } from './run_watchdog';

/** What an agent of the entry observes and how it acts, as createAgent takes them. */
export interface EntrySpaces {
  actions: string[];
  /** The entry's `observation`, undefined when it leaves it out (createAgent's defaults then). */
  observation: PixelObservationOptions | VectorObservationOptions | undefined;
}

/**
 * Reads the entry at `entryPath` in headless Chromium (`browserPath`, else a system Chromium).
 * UsageError when the entry does not build or no browser is found; the entry's own errors as
 * `train --game` reports them (GameError at import, AgentError for an entry that is not one).
 */
export async function readEntrySpaces(entryPath: string, browserPath?: string): Promise<EntrySpaces> {
  const browser = findBrowser(browserPath);
  const page = await buildGamePage(entryPath);
  try {
    const r = await runGamePage<DescribePageResult>(browser, page, { command: 'describe', protocol: PAGE_PROTOCOL }, { watchdogSeconds: WATCHDOG_SECONDS, onEvent: () => {} });
    return { actions: r.actions, observation: r.observation ?? undefined };
  } finally {
    page.close();
  }
}
