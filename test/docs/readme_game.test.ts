/**
 * README.md works as written, the way a new user meets it: its game files (the `// file:` blocks)
 * are written out and bundled against the built package, the game plays in headless Chromium and
 * its agent's rounds end and begin; its shell commands run as printed (`npx pixelpilot` is the built
 * dist/cli.js) to train the game headless, evaluate it and export the bot; and the shipped bot, as
 * README's ship.ts attaches it, plays the real game at real time about as well as the evaluation said.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { launchBrowser, openPage } from '../browser/harness';
import { cliProcess } from '../cli/run_cli';

const ROOT = process.cwd();
const DIR = join(ROOT, 'build', 'readme-game');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const files = new Map([...readme.matchAll(/```ts\n\/\/ file: ([\w.]+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((l) => l.startsWith('npx pixelpilot '));

let browser: Browser;
let server: Server;
let origin: string;

/** Bundles `entry` (in DIR) for the browser against the built package, as a game project's bundler would. */
async function bundle(entry: string, out: string): Promise<void> {
  const dist = (p: string): string => join(ROOT, 'dist', p);
  await build({
    entryPoints: [join(DIR, entry)], outfile: join(DIR, out), bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'error',
    plugins: [{ name: 'the-package', setup: (b) => b.onResolve({ filter: /^pixelpilot(\/play)?$/ }, (a) => ({ path: dist(a.path === 'pixelpilot' ? 'index.js' : 'play.js') })) }],
  });
  writeFileSync(join(DIR, `${out}.html`), `<!doctype html><meta charset="utf-8"><body><script type="module" src="${out}"></script></body>\n`);
}

before(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  for (const [name, code] of files) writeFileSync(join(DIR, name), code);
  browser = await launchBrowser();
  ({ server, origin } = await serveStatic({ root: DIR, port: 0 }));
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  server?.close();
});

test('README has the game, its training entry, the bot and the commands', () => {
  assert.deepEqual([...files.keys()].sort(), ['catch.ts', 'main.ts', 'ship.ts', 'training.ts']);
  assert.equal(commands.length, 3, commands.join('\n'));
});

test("README's game plays in a browser: its agent learns while the scene ends rounds and starts the next", { timeout: 120_000 }, async () => {
  await bundle('main.ts', 'main.js');
  const opened = await openPage(browser, origin, '/main.js.html');
  const rounds = (): string[] => opened.console.filter((l) => /^log: round \d+: -?1$/.test(l));
  const t0 = Date.now();
  while (rounds().length < 8 && Date.now() - t0 < 90_000 && opened.errors.length === 0) await new Promise((r) => setTimeout(r, 500));
  await opened.page.close();
  assert.deepEqual(opened.errors, []);
  assert.ok(rounds().length >= 8, `rounds logged: ${rounds().length}\n${opened.console.slice(-10).join('\n')}`);
});

test("README's commands train the game headless, evaluate it above random play, and export the bot; the bot plays the real game as the evaluation said", { timeout: 600_000 }, async () => {
  const results: Record<string, any> = {};
  for (const line of commands) {
    const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
    const r = await cliProcess([...args, '--json'], { cwd: DIR, timeoutMs: 400_000 });
    assert.equal(r.code, 0, `${line}\n${r.stderr}`);
    results[args[0]!] = r.json;
    console.log(`${line}: ${r.stdout.at(-1)} (${(r.ms / 1000).toFixed(0)} s)`);
  }
  // A catch is +1, a miss -1: random play scores about -0.5; the greedy policy must do far better.
  const evaluation = results.eval;
  assert.ok(evaluation.return_mean > 0.5, `greedy return ${evaluation.return_mean}`);
  assert.ok(results.export.output_bytes <= 0.45 * results.export.input_bytes, JSON.stringify(results.export));

  // The shipped bot, attached as README's ship.ts attaches it, at real time on the real scene.
  writeFileSync(join(DIR, 'shipped.ts'), `
import Phaser from 'phaser';
import { Catch, config } from './catch';
import { playWithBot } from './ship';
const results: number[] = [];
class Shipped extends Catch {
  override create(): void { super.create(); void playWithBot(this); }
  override update(): void {
    super.update();
    const self = this as unknown as { over: boolean; earned: number };
    if (self.over) results.push(self.earned);
  }
}
new Phaser.Game({ ...config, scene: new Shipped() });
(window as unknown as { results: number[] }).results = results;
`);
  await bundle('shipped.ts', 'shipped.js');
  const opened = await openPage(browser, origin, '/shipped.js.html');
  const results2 = (): Promise<number[]> => opened.page.evaluate(() => (window as unknown as { results?: number[] }).results ?? []);
  const t0 = Date.now();
  while ((await results2()).length < 40 && Date.now() - t0 < 120_000 && opened.errors.length === 0) await new Promise((r) => setTimeout(r, 1000));
  const played = (await results2()).slice(5); // the first rounds may pass before the bot is loaded
  await opened.page.close();
  assert.deepEqual(opened.errors, []);
  assert.ok(played.length >= 30, `${played.length} rounds`);
  const mean = played.reduce((s, x) => s + x, 0) / played.length;
  console.log(`README bot at real time: return ${mean.toFixed(2)} over ${played.length} rounds; eval --game said ${evaluation.return_mean.toFixed(2)}`);
  assert.ok(Math.abs(mean - evaluation.return_mean) <= 0.2 * Math.max(1, Math.abs(evaluation.return_mean)), `bot ${mean} vs eval ${evaluation.return_mean}`);
});
