/**
 * The Chromium or Chrome that `train --game` drives headless: `--browser PATH`, else
 * $PIXELPILOT_BROWSER, else the usual system locations. Never a downloaded browser.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../util/errors';

/** Where system browsers usually are (Debian/Ubuntu, Fedora, macOS). */
export const BROWSER_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The browser's path; UsageError naming what to install when none is found. */
export function findBrowser(given: string | undefined, candidates: readonly string[] = BROWSER_CANDIDATES): string {
  const named = given ?? process.env.PIXELPILOT_BROWSER;
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) throw new UsageError(`--browser ${named}: no such file (give the path of a Chromium or Chrome executable)`);
    return named;
  }
  const found = candidates.find((p) => existsSync(p));
  if (found !== undefined) return found;
  throw new UsageError(
    `--game needs Chromium or Chrome and none was found (looked at ${candidates.join(', ')}). ` +
    'Install one (Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium; or Google Chrome) or pass --browser PATH.',
  );
}

/** Imports a package the --game path needs (playwright-core, esbuild); UsageError naming the npm install when missing. */
export async function importTool<T>(name: 'playwright-core' | 'esbuild'): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    throw new UsageError(`--game needs the npm package ${name} (${(e as Error).message.split('\n')[0]}): npm install ${name}`);
  }
}
