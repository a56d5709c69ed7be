/**
 * Drives an example game in Chromium through its `window.__example` hook (src/example_hook.ts of
 * each example): waits for the agent or bot, trains or plays by stepping the game by hand, saves,
 * reloads, and provokes typed errors. Records every URL the page and its workers requested. Not a
 * test file.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Frames of training in one run: enough for training rounds (the example's preset, DQN, trains
 * every 4 decisions after its first 300; the game decides every 4 frames).
 */
export const TRAIN_FRAMES = 1600;
/** Frames the bot plays. */
export const PLAY_FRAMES = 400;
/** How long a page may take to have its agent or bot ready (or fail) before it counts as hung. */
export const READY_MS = 120_000;

/** A page of an example and what it logged. */
export interface ExamplePage {
  page: Page;
  lines: string[];
  pageErrors: string[];
}

/** A browser context that records every request URL (pages and workers). */
export async function recordingContext(browser: Browser): Promise<{ context: BrowserContext; urls: string[] }> {
  const context = await browser.newContext();
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return { context, urls };
}

/** Opens `url` and waits until its hook says ready or failed; throws (with the console) when it does neither in time. */
export async function openExample(context: BrowserContext, url: string): Promise<ExamplePage & { hook: Hook }> {
  const page = await context.newPage();
  const lines: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => {
    lines.push(`pageerror: ${e.message}`);
    pageErrors.push(e.message);
  });
  await page.goto(url);
  const hook = await waitForHook({ page, lines, pageErrors }, url);
  return { page, lines, pageErrors, hook };
}

/** What the hook reports once settled. */
export interface Hook {
  page: string;
  ready: boolean;
  error: string | null;
  backend: string | null;
  loadedFrom: string | null;
  crossOriginIsolated: boolean;
}

/** Waits for the page's hook to be ready or failed. */
export async function waitForHook(p: ExamplePage, what: string): Promise<Hook> {
  try {
    await p.page.waitForFunction(() => {
      const h = (window as unknown as { __example?: { ready: boolean; error: string | null } }).__example;
      return h !== undefined && (h.ready || h.error !== null);
    }, null, { timeout: READY_MS, polling: 250 });
  } catch {
    throw new Error(`${what}: neither ready nor failed after ${READY_MS / 1000} s (a hang). Console:\n${p.lines.join('\n')}`);
  }
  return p.page.evaluate(() => {
    const h = (window as unknown as { __example: Hook }).__example;
    return { page: h.page, ready: h.ready, error: h.error, backend: h.backend, loadedFrom: h.loadedFrom, crossOriginIsolated: window.crossOriginIsolated };
  });
}

/** Steps the game `frames` frames by hand through the hook; returns its counters. */
export function step(p: ExamplePage, frames: number): Promise<Record<string, unknown>> {
  return p.page.evaluate((n) => (window as unknown as { __example: { step: (n: number) => Promise<Record<string, unknown>> } }).__example.step(n), frames);
}

/** Calls a method of the hook that takes no argument. */
export function callHook<T>(p: ExamplePage, name: 'save' | 'policies' | 'errors'): Promise<T> {
  return p.page.evaluate((k) => (window as unknown as { __example: Record<string, () => Promise<unknown>> }).__example[k]!(), name) as Promise<T>;
}

/** Reloads the page (same context: IndexedDB survives) and waits for the hook again. */
export async function reload(p: ExamplePage, what: string): Promise<Hook> {
  await p.page.reload();
  return waitForHook(p, what);
}
