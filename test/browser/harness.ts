/**
 * Real-browser test harness: serves the repo over HTTP on 127.0.0.1 (a secure context; file:// is
 * not) and drives Debian's Chromium through playwright-core. Flags are the ones that work headless on
 * this kind of machine (see ../shared/reference/browser.md); WebGPU runs on SwiftShader.
 */
import type { Server } from 'node:http';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { inlineAssetsEsbuild } from '../../scripts/inline_assets.mjs';

/** The repository root: the nearest folder above this bundle with a package.json (the bundler may
 *  place this module in a shared chunk, so a fixed number of '..' is not reliable). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return normalize(dir);
}
const ROOT = repoRoot();

/** Where browser tests leave files for people to look at (screenshots); gitignored. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Bundles a module worker script (`entry`, from the repository root) into build/test/pages/browser/<name>.js. */
export async function bundleWorker(entry: string, name: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile: join(ROOT, 'build/test/pages/browser', `${name}.js`),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    plugins: [inlineAssetsEsbuild({ worker: false })],
    logLevel: 'error',
  });
}

/** Builds the named demos' page bundles (build/demos/<name>/main.js, ship.js) with scripts/build_demos.mjs, as `npm run build:demos` does. */
export function buildDemoPages(...names: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(ROOT, 'scripts/build_demos.mjs'), ...names], { cwd: ROOT, encoding: 'utf8' }, (e, stdout, stderr) => {
      if (e === null) resolve();
      else reject(new Error(`build_demos ${names.join(' ')} failed:\n${stdout}\n${stderr}`));
    });
  });
}

/** Chromium from Debian's package; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A static server over the repository root (scripts/serve.mjs, shared with `npm start`). COOP/COEP make the page cross-origin isolated. */
export async function startServer(): Promise<{ server: Server; origin: string }> {
  return serveStatic({ root: ROOT, port: 0 });
}

/** Launches headless Chromium with WebGPU enabled (SwiftShader adapter here). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--enable-unsafe-webgpu',
    ],
  });
}

/**
 * Opens a blank page on the local server that imports one bundled test page module
 * (build/test/pages/<name>.page.js) and waits for it to set `window.__result`.
 */
export async function runPage(
  browser: Browser,
  origin: string,
  pageModule: string,
  timeoutMs = 240_000,
): Promise<{ page: Page; result: unknown; console: string[] }> {
  const page = await browser.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/build/test/blank.html`);
  await page.addScriptTag({ type: 'module', url: `${origin}/build/test/pages/${pageModule}` });
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, {
    timeout: timeoutMs,
    polling: 200,
  });
  const result = await page.evaluate(() => (window as unknown as { __result: unknown }).__result);
  return { page, result, console: lines };
}

/** A page opened on some address, with everything it logged and every uncaught error. */
export interface OpenedPage {
  page: Page;
  /** Console lines as 'type: text', and 'pageerror: message' for uncaught errors. */
  console: string[];
  /** Uncaught errors (and unhandled rejections) of the page, by message. */
  errors: string[];
}

/**
 * Opens `${origin}${path}` (any page the server has, e.g. '/demos/catch/index.html') and records its
 * console and errors; `onRequest` sees the URL of every request the page (and its workers) makes.
 */
export async function openPage(browser: Browser, origin: string, path: string, onRequest?: (url: string) => void): Promise<OpenedPage> {
  const page = await browser.newPage();
  const lines: string[] = [];
  const errors: string[] = [];
  if (onRequest !== undefined) page.context().on('request', (r) => onRequest(r.url()));
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => {
    lines.push(`pageerror: ${e.message}`);
    errors.push(e.message);
  });
  await page.goto(`${origin}${path}`);
  return { page, console: lines, errors };
}

/** Saves a PNG screenshot of `page` as test-artifacts/<name>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Reloads `page` (same tab, same browser context: IndexedDB and sessionStorage survive), imports
 * the bundled test page module again and waits for its new `window.__result`.
 */
export async function reloadPage(page: Page, origin: string, pageModule: string, timeoutMs = 240_000): Promise<unknown> {
  await page.reload();
  await page.addScriptTag({ type: 'module', url: `${origin}/build/test/pages/${pageModule}` });
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, {
    timeout: timeoutMs,
    polling: 200,
  });
  return page.evaluate(() => (window as unknown as { __result: unknown }).__result);
}
