/**
 * The pong and recall demos in a real browser (headless Chromium), with their own scenes, specs
 * and attach options (demos/<name>/<name>_scene.ts, <name>_agent.ts), on wasm, fed by canvas pixels
 * and stepped by hand (see demo_games_recall.page.ts and demo_games_pong.page.ts):
 * 1. recall (PPO + GRU RecurrentNet, 16x16 gray, one frame): actions arrive, PPO rounds run, the
 *    worker's tensor count stays flat across rounds, and greedy play reaches >= 90% right choices
 *    on 200 fresh episodes (a memoryless policy gets 50%);
 * 2. pong (PPO + NatureishCNN, 48x48 gray, two frames): the same mechanics over ~4,000 decisions;
 *    its scores before and after are printed, not asserted (it needs ~30,000+ decisions to learn);
 * 3. the real demo pages (demos/pong/index.html, demos/recall/index.html, built by
 *    scripts/build_demos.mjs) start, show their backend and episodes without page errors, and are
 *    photographed into test-artifacts/pong.png and test-artifacts/recall.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Common, PongPlay, PongResult, RecallResult } from './demo_results';
import { buildDemoPages, launchBrowser, openPage, runPage, saveScreenshot, startServer } from './harness';


/** Builds the two demos' page bundles and the worker bundle the pages load (build/demos/). */
function buildDemos(): Promise<void> {
  return buildDemoPages('pong', 'recall');
}

/** Checks shared by both games: wasm, pixels seen, every training step delivered, rounds run, tensors flat. */
function assertMechanics(r: Common, lines: string[], obs: { width: number; height: number; frameStack: number }): void {
  assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
  assert.deepEqual(r.errors, []);
  assert.equal(r.backend, 'wasm');
  assert.deepEqual({ kind: r.observation.kind, width: r.observation.width, height: r.observation.height, frameStack: r.observation.frameStack }, { kind: 'pixels', ...obs });
  assert.ok(r.brightest > 80, `brightest observed pixel ${r.brightest}`);
  assert.equal(r.statsSteps, r.trainObserved, 'every training step reached the trainer, and none of greedy play');
  assert.ok(r.trainObserved >= r.trainSteps - 1 && r.trainObserved <= r.trainSteps, `${r.trainObserved} steps observed for ${r.trainSteps} decisions`);
  assert.ok(r.trainRounds >= 3 && r.trainRounds === r.statsTrainRounds, `${r.trainRounds} training rounds, the worker counted ${r.statsTrainRounds}`);
  // After the first round (optimizer state made), rounds must not leave tensors behind in the worker.
  const trained = r.tensors.filter((t) => t.trainRounds > 0);
  assert.ok(trained.length >= 2 && new Set(trained.map((t) => t.trainRounds)).size >= 2, `tensor counts read at too few round counts: ${JSON.stringify(r.tensors)}`);
  assert.equal(new Set(trained.map((t) => t.numTensors)).size, 1, `worker tensors across training rounds: ${JSON.stringify(r.tensors)}`);
}

test('the recall demo\'s PPO GRU agent learns from canvas pixels to choose the cued side >= 90% of the time, greedily', { timeout: 240_000 }, async () => {
  await buildDemos();
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/demo_games_recall.page.js', 220_000);
    const r = result as RecallResult;
    assertMechanics(r, lines, { width: 16, height: 16, frameStack: 1 });
    assert.equal(r.distinctCueObs, 2, 'the cue-step observations of the two cues differ, and are the same for the same cue');
    const history = r.evaluations.map((e) => `${e.trainSteps} steps: ${(100 * e.accuracy).toFixed(0)}% of ${e.episodes}`).join('; ');
    console.log(`recall (${r.params} params): greedy before training ${(100 * r.baseline.accuracy).toFixed(0)}% of ${r.baseline.episodes}; then ${history}`);
    console.log(`  tensors in the worker after each training chunk: ${r.tensors.map((t) => `${t.numTensors}@${t.trainRounds} rounds`).join(', ')}`);
    assert.ok(r.reached !== null, `no greedy evaluation reached 90% within ${r.trainSteps} training steps (${(r.totalMs / 1000).toFixed(0)} s): ${history}`);
    assert.ok(r.reached.full && r.reached.episodes >= 200 && r.reached.accuracy >= 0.9, JSON.stringify(r.reached));
    console.log(`  reached ${(100 * r.reached.accuracy).toFixed(1)}% right over ${r.reached.episodes} greedy episodes after ${r.reached.trainSteps} agent steps ` +
      `(${r.trainFrames} game frames, ${r.trainRounds} PPO rounds); training ${(r.trainMs / 1000).toFixed(1)} s, all with evaluations ${(r.totalMs / 1000).toFixed(1)} s (2 shared cores, under load)`);
  } finally {
    await browser.close();
    server.close();
  }
});

test('the pong demo\'s PPO NatureishCNN agent acts and trains from canvas pixels with flat worker tensors', { timeout: 240_000 }, async () => {
  await buildDemos();
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/demo_games_pong.page.js', 220_000);
    const r = result as PongResult;
    assertMechanics(r, lines, { width: 48, height: 48, frameStack: 2 });
    assert.deepEqual(r.actionsSeen, [0, 1, 2], 'exploring PPO plays every action');
    assert.ok(r.trainSteps >= 1024, `${r.trainSteps} training decisions`);
    assert.ok(r.trainEpisodes >= 5 && r.trainBalls >= r.trainEpisodes - 1, `${r.trainEpisodes} episodes, ${r.trainBalls} balls missed`);
    const perBall = (p: PongPlay): string => `${p.hits} returns / ${p.balls} balls in ${p.steps} decisions`;
    console.log(`pong (${r.params} params): greedy before training ${perBall(r.before)}; training ${r.trainSteps} decisions (${r.trainFrames} frames, ${r.trainRounds} PPO rounds, ` +
      `${r.trainHits} returns / ${r.trainBalls} balls) in ${(r.trainMs / 1000).toFixed(1)} s = ${((1000 * r.trainSteps) / r.trainMs).toFixed(0)} decisions/s; greedy after ${perBall(r.after)}; ` +
      `total ${(r.totalMs / 1000).toFixed(1)} s (under load)`);
    const w = r.worker;
    console.log(`  worker calls (wall time, including queueing behind each other): ${w.actCalls} act ${(w.actMs / 1000).toFixed(1)} s (${(w.actMs / w.actCalls).toFixed(1)} ms each), ` +
      `${w.observeCalls} observe incl. training rounds ${(w.observeMs / 1000).toFixed(1)} s`);
    console.log(`  tensors in the worker every 512 decisions: ${r.tensors.map((t) => `${t.numTensors}@${t.trainRounds} rounds`).join(', ')}`);
  } finally {
    await browser.close();
    server.close();
  }
});

/** The text of a dashboard field. */
const field = (page: Page, name: string): Promise<string> => page.locator(`[data-field="${name}"]`).innerText();

test('the pong and recall demo pages start, play at 16x speed without errors, and are photographed', { timeout: 240_000 }, async () => {
  await buildDemos();
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    for (const name of ['pong', 'recall']) {
      const { page, console: lines, errors } = await openPage(browser, origin, `/demos/${name}/index.html`);
      const dump = (): string => lines.join('\n');
      // The agent is up once the dashboard (mounted after the game starts) names its backend.
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-field="backend"]')?.textContent;
        return typeof t === 'string' && t !== '—';
      }, null, { timeout: 90_000 });
      assert.equal(await field(page, 'backend'), 'wasm', dump());
      await page.selectOption('[data-action="speed"]', '16');
      await page.waitForFunction(() => Number(document.querySelector('[data-field="episodes"]')?.textContent) >= 3, null, { timeout: 60_000 });
      const shot = await saveScreenshot(page, name);
      assert.deepEqual(errors, [], dump());
      assert.deepEqual(lines.filter((l) => l.startsWith('error:')), [], dump());
      console.log(`${name} page: ${await field(page, 'episodes')} episodes, ${await field(page, 'steps-per-second')} steps/s at 16x, status "${await field(page, 'status')}"; screenshot ${shot}`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
