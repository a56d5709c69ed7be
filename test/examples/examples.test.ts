/**
 * The example projects as a user has them (issue #9): the repository packed with `npm pack`, each
 * of examples/vite-phaser (TypeScript, Vite defaults, no config file) and examples/webpack-phaser
 * (Phaser's webpack template, no pixelpilot configuration) copied to a temp folder with the tarball
 * installed by `npm install`, type-checked, built, served and run in Chromium. Checked: the trainer
 * worker starts and trains on wasm (not cpu), the policy is saved to IndexedDB and loaded again
 * after a reload, the saved policy plays through pixelpilot/play in the production build, errors
 * keep their class names through minification, and a cross-origin-isolated production build
 * neither crashes nor hangs. Prints the bytes a player downloads (gzip) and the package's sizes.
 * Needs the npm registry (the examples' own dependencies) and /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { ARTIFACTS, launchBrowser } from '../browser/harness';
import { downloadedFiles, phaserGzip, totals, type DownloadedFile } from './download_sizes';
import { callHook, openExample, recordingContext, reload, step, PLAY_FRAMES, TRAIN_FRAMES, type ExamplePage, type Hook } from './drive_example';
import { copyExample, installSize, installTarball, packRepository, type PackedPackage } from './example_project';
import { freePort, runCommand, startServerCommand, type CommandResult } from './run_command';

const ROOT = dirname(ARTIFACTS);
const POLICY = 'catch-bot';
const STEP_TIMEOUT = 600_000;

let work = '';
let packed: PackedPackage | null = null;
let browser: Browser | null = null;
const report: Record<string, unknown> = {};

/** An example copied and installed from the tarball; `build` is its production build when started with one. */
interface Prepared {
  project: string;
  build: CommandResult | null;
}

/** Copies `name`, installs the tarball, then runs `build` (if given) in it. */
async function prepare(name: string, build: string[] | null): Promise<Prepared> {
  const project = copyExample(ROOT, name, work);
  const installed = await installTarball(project, packed!.tarball);
  report[`install ${name}`] = { seconds: installed.seconds, ...installSize(project) };
  if (build === null) return { project, build: null };
  return { project, build: await runCommand(join(project, build[0]!), build.slice(1), project, STEP_TIMEOUT) };
}

// Both examples are installed at once, and webpack's production build (the slowest step) runs while
// the Vite example is checked in the browser.
let vitePrepared: Promise<Prepared> = Promise.reject(new Error('not started'));
let webpackPrepared: Promise<Prepared> = Promise.reject(new Error('not started'));
vitePrepared.catch(() => undefined);
webpackPrepared.catch(() => undefined);

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pixelpilot-examples-'));
  packed = await packRepository(ROOT, work);
  report.tarball = { bytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.files, packSeconds: packed.seconds };
  vitePrepared = prepare('vite-phaser', null);
  webpackPrepared = prepare('webpack-phaser', ['node_modules/.bin/webpack', '--config', 'webpack/config.prod.js']);
  vitePrepared.catch(() => undefined);
  webpackPrepared.catch(() => undefined);
  browser = await launchBrowser();
}, { timeout: STEP_TIMEOUT });

after(async () => {
  await Promise.allSettled([vitePrepared, webpackPrepared]);
  await browser?.close();
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'examples_report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`examples report (test-artifacts/examples_report.json):\n${JSON.stringify(report, null, 2)}`);
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** Fails with the page's console when it reported an error instead of getting ready. */
function assertReady(p: ExamplePage & { hook: Hook }, what: string): void {
  assert.equal(p.hook.error, null, `${what}: ${p.hook.error}\nconsole:\n${p.lines.join('\n')}`);
  assert.equal(p.hook.ready, true, what);
}

/** An error as a page reports it: the class name must survive the game's bundler and minifier. */
function assertTyped(e: unknown, names: string[], what: string): void {
  const err = e as { name?: string; isPixelpilotError?: boolean; message?: string };
  assert.ok(typeof e === 'object' && e !== null, `${what}: expected an error, got ${JSON.stringify(e)}`);
  assert.ok(names.includes(err.name!), `${what}: error name ${JSON.stringify(err.name)} (expected ${names.join(' or ')}): ${err.message}`);
  assert.equal(err.isPixelpilotError, true, `${what}: not instanceof PixelpilotError (${err.name}: ${err.message})`);
}

/**
 * The training page: trains on wasm, saves to IndexedDB, typed errors, reload resumes from the
 * saved policy; then the play page plays it with pixelpilot/play. Returns the URLs each page asked for.
 */
async function trainSaveReloadPlay(origin: string, label: string): Promise<{ trainUrls: string[]; playUrls: string[]; summary: Record<string, unknown> }> {
  const { context, urls } = await recordingContext(browser!);
  try {
    const train = await openExample(context, `${origin}/`);
    assertReady(train, `${label} training page`);
    const trained = await step(train, TRAIN_FRAMES);
    assert.equal(trained.backend, 'wasm', `${label}: trains on ${String(trained.backend)}, not wasm; attempts: ${JSON.stringify(trained.backendAttempts)}`);
    assert.deepEqual(trained.errors, [], `${label}: agent errors`);
    assert.ok((trained.trainRounds as number) > 0, `${label}: no training round in ${TRAIN_FRAMES} frames: ${JSON.stringify(trained)}`);
    const saved = await callHook<{ url: string; weightBytes: number }>(train, 'save');
    assert.equal(saved.url, `indexeddb://${POLICY}`);
    const errors = await callHook<Record<string, unknown>>(train, 'errors');
    assertTyped(errors.missingPolicy, ['StorageError'], `${label}: loadAgent of a missing policy`);
    assertTyped(errors.tooSmall, ['ShapeError', 'SpecError'], `${label}: createAgent with 8x8 frames for a NatureishCNN (thrown in the worker)`);
    assertTyped(errors.noReply, ['WorkerError'], `${label}: createAgent whose worker cannot answer within callTimeoutMs: 1`);
    assert.deepEqual(train.pageErrors, [], `${label}: uncaught errors on the training page`);
    const trainUrls = [...urls];

    const again = await reload(train, `${label} training page after reload`);
    assert.equal(again.error, null, `${label} after reload: ${again.error}`);
    assert.equal(again.loadedFrom, `indexeddb://${POLICY}`, `${label}: the reloaded page did not resume from the saved policy`);
    assert.ok((await callHook<string[]>(train, 'policies')).includes(POLICY), `${label}: listPolicies after reload`);
    const resumed = await step(train, 100);
    assert.ok((resumed.decisions as number) > 0, `${label}: no decision after reload`);
    assert.deepEqual(resumed.errors, [], `${label}: agent errors after reload`);
    await train.page.close();

    urls.length = 0;
    const play = await openExample(context, `${origin}/?mode=play`);
    assertReady(play, `${label} play page (pixelpilot/play)`);
    const played = await step(play, PLAY_FRAMES);
    assert.ok((played.decisions as number) >= PLAY_FRAMES / 4 - 2, `${label}: the bot decided ${String(played.decisions)} times in ${PLAY_FRAMES} frames`);
    const playErrors = await callHook<Record<string, unknown>>(play, 'errors');
    assertTyped(playErrors.missingPolicy, ['StorageError'], `${label}: loadBot of a missing policy`);
    assert.deepEqual(play.pageErrors, [], `${label}: uncaught errors on the play page`);
    const playUrls = [...urls];
    return {
      trainUrls,
      playUrls,
      summary: {
        backend: trained.backend, trainRounds: trained.trainRounds, decisions: trained.decisions, episodes: trained.episodes,
        savedWeightBytes: saved.weightBytes, errors, playBackend: played.backend, playDecisions: played.decisions,
        playCatches: played.catches, playMisses: played.misses,
      },
    };
  } finally {
    await context.close();
  }
}

/** A production build served cross-origin isolated (COOP/COEP): the pages must start (or fail with an error), train, save and play; never hang. */
async function isolatedRun(dist: string, label: string): Promise<Record<string, unknown>> {
  const { server, origin } = await serveStatic({ root: dist, isolated: true });
  const { context } = await recordingContext(browser!);
  try {
    const train = await openExample(context, `${origin}/`);
    assert.equal(train.hook.crossOriginIsolated, true, `${label}: the page is not cross-origin isolated`);
    assertReady(train, `${label} isolated training page`);
    const trained = await step(train, TRAIN_FRAMES);
    assert.deepEqual(trained.errors, [], `${label} isolated: agent errors`);
    assert.ok((trained.trainRounds as number) > 0, `${label} isolated: no training round`);
    await callHook(train, 'save');
    assert.deepEqual(train.pageErrors, [], `${label} isolated: uncaught errors on the training page`);
    const play = await openExample(context, `${origin}/?mode=play`);
    assertReady(play, `${label} isolated play page`);
    const played = await step(play, 200);
    assert.ok((played.decisions as number) > 0, `${label} isolated: the bot made no decision`);
    assert.deepEqual(play.pageErrors, [], `${label} isolated: uncaught errors on the play page`);
    return { backend: trained.backend, trainRounds: trained.trainRounds, playBackend: played.backend, playDecisions: played.decisions };
  } finally {
    await context.close();
    await new Promise((r) => (server as Server).close(r));
  }
}

/** What the page at `origin` downloaded of the build in `project`/`dist`, gzipped. */
function sizeReport(project: string, dist: string, origin: string, urls: string[]): { files: DownloadedFile[]; totals: ReturnType<typeof totals>; phaserGzip: number } {
  const files = downloadedFiles(join(project, dist), origin, urls);
  const phaser = phaserGzip(project);
  return { files, totals: totals(files, phaser), phaserGzip: phaser };
}

describe('examples/vite-phaser from the packed tarball', { timeout: 1_500_000 }, () => {
  let project = '';
  let built = false;

  before(async () => {
    project = (await vitePrepared).project;
  }, { timeout: STEP_TIMEOUT });

  it('type-checks with tsc --noEmit (this.pixelpilot is typed)', { timeout: STEP_TIMEOUT }, async () => {
    const r = await runCommand(join(project, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], project, STEP_TIMEOUT);
    assert.equal(r.code, 0, `tsc --noEmit:\n${r.output}`);
  });

  it('builds with vite build (Vite defaults, no config file)', { timeout: STEP_TIMEOUT }, async () => {
    const r = await runCommand(join(project, 'node_modules/.bin/vite'), ['build'], project, STEP_TIMEOUT);
    report.viteBuildSeconds = r.seconds;
    assert.equal(r.code, 0, `vite build:\n${r.output}`);
    built = true;
  });

  it('trains on wasm, saves, resumes after a reload and plays the saved policy under vite preview', { timeout: STEP_TIMEOUT }, async () => {
    assert.ok(built, 'vite build failed');
    const port = await freePort();
    const server = await startServerCommand(join(project, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], project, port, 60_000);
    try {
      const run = await trainSaveReloadPlay(server.origin, 'vite preview');
      report.vitePreview = run.summary;
      report.viteDownloads = {
        trainingPage: sizeReport(project, 'dist', server.origin, run.trainUrls),
        playPage: sizeReport(project, 'dist', server.origin, run.playUrls),
      };
    } finally {
      server.stop();
    }
  });

  it('runs cross-origin isolated (COOP/COEP) in the production build without a crash or a hang', { timeout: STEP_TIMEOUT }, async () => {
    assert.ok(built, 'vite build failed');
    report.viteIsolated = await isolatedRun(join(project, 'dist'), 'vite build');
  });

  it('trains on wasm under the vite dev server', { timeout: STEP_TIMEOUT }, async () => {
    const port = await freePort();
    const server = await startServerCommand(join(project, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], project, port, 60_000);
    const { context } = await recordingContext(browser!);
    try {
      const train = await openExample(context, `${server.origin}/`);
      assertReady(train, 'vite dev training page');
      const trained = await step(train, TRAIN_FRAMES);
      assert.equal(trained.backend, 'wasm', `vite dev: trains on ${String(trained.backend)}; attempts: ${JSON.stringify(trained.backendAttempts)}`);
      assert.deepEqual(trained.errors, [], 'vite dev: agent errors');
      assert.ok((trained.trainRounds as number) > 0, 'vite dev: no training round');
      assert.deepEqual(train.pageErrors, [], 'vite dev: uncaught errors');
      report.viteDev = { backend: trained.backend, trainRounds: trained.trainRounds };
    } finally {
      await context.close();
      server.stop();
    }
  });
});

describe('examples/webpack-phaser from the packed tarball', { timeout: 1_500_000 }, () => {
  let project = '';
  let built = false;
  let r: CommandResult | null = null;

  before(async () => {
    ({ project, build: r } = await webpackPrepared);
  }, { timeout: STEP_TIMEOUT });

  it('builds with webpack --mode production (no pixelpilot configuration)', { timeout: STEP_TIMEOUT }, () => {
    assert.ok(r !== null);
    report.webpackBuildSeconds = r.seconds;
    report.webpackWarnings = r.output.split('\n').filter((l) => l.startsWith('WARNING in') || /^(Critical dependency|Module not found)/.test(l));
    assert.equal(r.code, 0, `webpack:\n${r.output}`);
    assert.doesNotMatch(r.output, /\bERROR\b/, `webpack reported errors:\n${r.output}`);
    built = true;
  });

  it('trains on wasm, saves, resumes after a reload and plays the saved policy from the production build', { timeout: STEP_TIMEOUT }, async () => {
    assert.ok(built, 'webpack build failed');
    const dist = join(project, 'dist');
    const { server, origin } = await serveStatic({ root: dist, isolated: false });
    try {
      const run = await trainSaveReloadPlay(origin, 'webpack build');
      report.webpack = run.summary;
      report.webpackDownloads = { trainingPage: sizeReport(project, 'dist', origin, run.trainUrls), playPage: sizeReport(project, 'dist', origin, run.playUrls) };
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('runs cross-origin isolated (COOP/COEP) in the production build without a crash or a hang', { timeout: STEP_TIMEOUT }, async () => {
    assert.ok(built, 'webpack build failed');
    report.webpackIsolated = await isolatedRun(join(project, 'dist'), 'webpack build');
  });

  it('trains on wasm under webpack serve (the template\'s dev server)', { timeout: STEP_TIMEOUT }, async () => {
    const port = await freePort();
    const server = await startServerCommand(join(project, 'node_modules/.bin/webpack'), ['serve', '--config', 'webpack/config.js', '--host', '127.0.0.1', '--port', String(port)], project, port, 300_000);
    const { context } = await recordingContext(browser!);
    try {
      const train = await openExample(context, `${server.origin}/`);
      assertReady(train, 'webpack serve training page');
      const trained = await step(train, TRAIN_FRAMES);
      assert.equal(trained.backend, 'wasm', `webpack serve: trains on ${String(trained.backend)}; attempts: ${JSON.stringify(trained.backendAttempts)}`);
      assert.deepEqual(trained.errors, [], 'webpack serve: agent errors');
      assert.ok((trained.trainRounds as number) > 0, 'webpack serve: no training round');
      assert.deepEqual(train.pageErrors, [], 'webpack serve: uncaught errors');
      report.webpackDev = { backend: trained.backend, trainRounds: trained.trainRounds };
    } finally {
      await context.close();
      server.stop();
    }
  });
});
