/**
 * The page `train --game` and `eval --game` run in headless Chromium: a few-line stub bundled by
 * esbuild that imports the built page program (dist/game_page.js, beside this command's own
 * dist/cli.js) and hands it the user's training entry and phaser (both resolved from the entry's
 * folder, i.e. the game's own project), served from 127.0.0.1 with its source map.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../util/errors';
import { importTool } from './find_browser';
import { PageSourceMap } from './page_stack';
import { serveFolder } from './static_server';

/** The stub's file name (in the source map). */
const STUB = 'pixelpilot-game-page.js';

/** The page's stub: the entry and phaser are imported on demand, so that a throw at import is the run's error, with its stack. */
const stubSource = (gamePage: string, entry: string): string =>
  `import { startGamePage } from ${JSON.stringify(gamePage)};\n` +
  `startGamePage({ entry: () => import(${JSON.stringify(entry)}), phaser: () => import('phaser') });\n`;

/** The built package this command runs from: the dist/ holding dist/cli.js (and dist/game_page.js). */
export function packageDist(): string {
  const dist = dirname(fileURLToPath(import.meta.url));
  if (!existsSync(join(dist, 'game_page.js'))) {
    throw new UsageError(`--game runs the page program built beside the command (${join(dist, 'game_page.js')}), and it is missing: run the built command (dist/cli.js; npm run build)`);
  }
  return dist;
}

/** A bundled page, served. */
export interface GamePage {
  origin: string;
  /** page.js's source map, to print the page's errors in the user's files. */
  map: PageSourceMap;
  close(): void;
}

/** An esbuild message (its file relative to the working directory, its column 0-based). */
interface BuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

/**
 * Bundles the page for `entryPath` into a temporary folder and serves it, with `files` beside it
 * (eval's policy file). UsageError when the entry does not build (every error with its file, line
 * and column).
 */
export async function buildGamePage(entryPath: string, files: Record<string, Uint8Array> = {}): Promise<GamePage> {
  const entry = resolve(entryPath);
  if (!existsSync(entry)) throw new UsageError(`--game ${entryPath}: no such file`);
  const dist = packageDist();
  const esbuild = await importTool<typeof import('esbuild')>('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-game-'));
  // The entry's own `import ... from 'pixelpilot'` gets this very package (the page program's copy of the SDK).
  const self = { pixelpilot: 'game_page.js', 'pixelpilot/lab': 'lab.js', 'pixelpilot/play': 'play.js' } as Record<string, string>;
  try {
    await esbuild.build({
      stdin: { contents: stubSource(join(dist, 'game_page.js'), entry), resolveDir: dirname(entry), sourcefile: STUB, loader: 'js' },
      outfile: join(dir, 'page.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      sourcemap: 'linked',
      plugins: [{ name: 'pixelpilot-self', setup: (b) => b.onResolve({ filter: /^pixelpilot(\/lab|\/play)?$/ }, (a) => ({ path: join(dist, self[a.path]!) })) }],
      logLevel: 'silent',
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const errors = (e as { errors?: BuildMessage[] }).errors;
    const detail = errors?.map((x) => `${x.location ? `${x.location.file}:${x.location.line}:${x.location.column + 1}: ` : ''}${x.text}`).join('\n  ') ?? String(e);
    const phaser = errors?.some((x) => x.text.includes('Could not resolve "phaser"')) === true ? '\n  (phaser is resolved from the entry\'s folder: install it in the game\'s project, npm install phaser)' : '';
    throw new UsageError(`--game ${entryPath}: the training entry does not build\n  ${detail}${phaser}`);
  }
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>pixelpilot</title><body><script type="module" src="page.js"></script></body>\n');
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const map = new PageSourceMap(JSON.parse(readFileSync(join(dir, 'page.js.map'), 'utf8')), dir, dirname(dist), STUB);
  const { server, origin } = await serveFolder(dir);
  return {
    origin,
    map,
    close: () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
