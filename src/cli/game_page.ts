/**
 * The page `train --game` and `eval --game` run in headless Chromium: the training entry bundled
 * with esbuild together with the SDK's `trainGame`/`playGame` and phaser (resolved from the entry's
 * folder, i.e. the game's own project), served from 127.0.0.1. The page's `__pixelpilotRun(config)`
 * does the run and returns plain data (the policy file's bytes as base64).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PixelpilotError, UsageError } from '../util/errors';
import { importTool } from './find_browser';
import { serveFolder } from './static_server';

/** The page's run, as plain JavaScript (it runs in the browser; no TypeScript helpers in it). */
const PAGE_SOURCE = (entry: string): string => `
import * as Phaser from 'phaser';
import * as entryModule from ${JSON.stringify(entry)};
import { trainGame, playGame, loadAgent } from 'pixelpilot';
const entry = entryModule.default ?? entryModule;
const base64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s); };
const unbase64 = (text) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
async function run(c) {
  try {
    if (c.command === 'eval') {
      const agent = await loadAgent(unbase64(c.policy), { mode: 'inference', players: c.envs, backend: c.backend });
      try { return await playGame(entry, agent, { episodes: c.episodes, seed: c.seed, phaser: Phaser }); } finally { await agent.dispose(); }
    }
    // What happens in training goes to the command in batches (a few a second, and the rest
    // before the result): [0, frame, seconds] a step, [1, return, steps] an episode, [2, loss,
    // updates] a training round, in order, so that the command logs exactly what the run did as it runs.
    let batch = [];
    let sent = performance.now();
    const flush = () => { const b = batch; batch = []; sent = performance.now(); return window.__pixelpilotEvents?.(b); };
    const r = await trainGame(entry, c.spec, { specName: c.specName, envs: c.envs, steps: c.steps, seed: c.seed, backend: c.backend, phaser: Phaser,
      onEpisode: (e) => batch.push([1, e.return, e.steps]),
      onTrain: (t) => batch.push([2, t.loss, t.updates]),
      onStep: (steps, seconds) => {
        batch.push([0, steps, seconds]);
        if (performance.now() - sent >= 250) void flush();
      } });
    await flush();
    const { agent, ...out } = r;
    try {
      if (c.save) out.policy = base64(await agent.trainer.exportPolicy({ training: true }));
      return out;
    } finally { await agent.dispose(); }
  } catch (e) {
    return { error: { name: e?.name ?? 'Error', code: e?.code ?? null, message: e?.message ?? String(e) } };
  }
}
window.__pixelpilotRun = run;
`;

/** How 'pixelpilot' resolves in the page: the built package beside dist/cli.js, or this repository's sources (development, tests). */
async function sdkPlugins(): Promise<unknown[]> {
  const here = fileURLToPath(import.meta.url);
  const dist = dirname(here);
  if (/[\\/]dist[\\/]cli\.js$/.test(here) && existsSync(join(dist, 'index.js'))) {
    // The entry points of this very package (the game's own copy of pixelpilot, if any, would be another one).
    const files: Record<string, string> = { pixelpilot: 'index.js', 'pixelpilot/lab': 'lab.js', 'pixelpilot/play': 'play.js' };
    return [{
      name: 'pixelpilot-self',
      setup: (b: { onResolve: (o: { filter: RegExp }, f: (a: { path: string }) => { path: string }) => void }) =>
        b.onResolve({ filter: /^pixelpilot(\/lab|\/play)?$/ }, (a) => ({ path: join(dist, files[a.path]!) })),
    }];
  }
  let dir = dirname(here);
  while (!existsSync(join(dir, 'scripts/inline_assets.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`pixelpilot: cannot find the SDK to bundle (no dist/index.js beside ${here}, no repository above it)`);
    dir = up;
  }
  const tools = (await import(pathToFileURL(join(dir, 'scripts/inline_assets.mjs')).href)) as { inlineAssetsEsbuild: () => unknown; packageEntriesEsbuild: () => unknown };
  return [tools.inlineAssetsEsbuild(), tools.packageEntriesEsbuild()];
}

/** A bundled page, served. */
export interface GamePage {
  origin: string;
  close(): void;
}

/** Bundles the page for `entryPath` into a temporary folder and serves it. UsageError when the entry does not build. */
export async function buildGamePage(entryPath: string): Promise<GamePage> {
  const entry = resolve(entryPath);
  if (!existsSync(entry)) throw new UsageError(`--game ${entryPath}: no such file`);
  const esbuild = await importTool<typeof import('esbuild')>('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-game-'));
  try {
    await esbuild.build({
      stdin: { contents: PAGE_SOURCE(entry), resolveDir: dirname(entry), sourcefile: 'pixelpilot-game-page.js', loader: 'js' },
      outfile: join(dir, 'page.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      plugins: (await sdkPlugins()) as never[],
      logLevel: 'silent',
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`).join('\n  ') ?? String(e);
    throw new UsageError(`--game ${entryPath}: the training entry does not build\n  ${detail}`);
  }
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>pixelpilot</title><body><script type="module" src="page.js"></script></body>\n');
  const { server, origin } = await serveFolder(dir);
  return {
    origin,
    close: () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One event of a training run, as the page sends it: [0, frame, seconds] a step, [1, return, steps] an episode, [2, loss, updates] a training round. */
export type PageEvent = [0, number, number] | [1, number, number] | [2, number, number];

/** Launches the browser, opens the page and runs `config` in it; `onEvents` gets a training run's events in order, in batches, as it runs. */
export async function runInBrowser<T>(browserPath: string, page: GamePage, config: Record<string, unknown>, onEvents: (events: PageEvent[]) => void): Promise<T> {
  const { chromium } = await importTool<typeof import('playwright-core')>('playwright-core');
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'],
  });
  try {
    const tab = await browser.newPage();
    const pageErrors: string[] = [];
    tab.on('pageerror', (e) => pageErrors.push(e.message));
    await tab.exposeFunction('__pixelpilotEvents', onEvents);
    await tab.goto(`${page.origin}/index.html`);
    await tab.waitForFunction(() => typeof (window as unknown as { __pixelpilotRun?: unknown }).__pixelpilotRun === 'function', null, { timeout: 60_000 }).catch(() => {
      throw new UsageError(`the training entry's page did not start${pageErrors.length > 0 ? `: ${pageErrors.join('; ')}` : ''}`);
    });
    const result = await tab.evaluate((c) => (window as unknown as { __pixelpilotRun: (c: unknown) => Promise<unknown> }).__pixelpilotRun(c), config) as { error?: { name: string; code: string | null; message: string } };
    if (result.error !== undefined) {
      const { name, code, message } = result.error;
      // Typed errors keep their code (instanceof holds) and name; others become plain errors.
      throw code === null ? new Error(`${name}: ${message}`) : new PixelpilotError(code, message, name);
    }
    return result as T;
  } finally {
    await browser.close();
  }
}
