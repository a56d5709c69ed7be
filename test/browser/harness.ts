/**
 * Real-browser test harness: serves the repo over HTTP on 127.0.0.1 (a secure context; file:// is
 * not) and drives Debian's Chromium through playwright-core. Flags are the ones that work headless on
 * this kind of machine (see ../shared/reference/browser.md); WebGPU runs on SwiftShader.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Chromium from Debian's package; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A static server over the repository root. COOP/COEP make the page cross-origin isolated. */
export async function startServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    if (!path.startsWith(ROOT)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
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
