/**
 * The catch demo page's Train fast control in a real browser (headless Chromium): 8 hidden copies
 * of the demo's own scene train a new agent through trainGame for 12,000 agent steps while the page
 * stays responsive and its dashboard shows the episodes and steps/s live; the learning curve
 * (returns against agent steps, read through `window.pixelpilotDemo.curve()`) rises; then the
 * trained policy plays the visible game greedily at real time and catches >= 90% of the fruit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CurvePoint } from '../../demos/shared/learning_curve';
import { ARTIFACTS, launchBrowser, openPage, saveScreenshot, startServer } from './harness';

const ROOT = join(ARTIFACTS, '..');
const STEPS = 12_000;
const COPIES = 8;
const GREEDY_EPISODES = 30;

/** The text of a dashboard field. */
const field = (page: Page, name: string): Promise<string> => page.locator(`[data-field="${name}"]`).innerText();

/** What the page's hook gives. */
interface DemoWindow {
  pixelpilotDemo: {
    curve(): readonly CurvePoint[];
    agent(): { on(name: 'episode', fn: (e: { return: number }) => void): () => void } | null;
  };
  __greedy?: number[];
}

test('the catch demo page trains fast on 8 hidden copies, its curve rises against agent steps, then the visible game catches >= 90% greedily', { timeout: 150_000 }, async () => {
  const t0 = Date.now();
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build_demos.mjs'), 'catch'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, `build_demos failed:\n${built.stdout}\n${built.stderr}`);
  const tBuilt = Date.now();
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { page, console: lines, errors } = await openPage(browser, origin, '/demos/catch/index.html');
    const dump = (): string => lines.join('\n');
    await page.waitForFunction(() => { const t = document.querySelector('[data-field="backend"]')?.textContent; return typeof t === 'string' && t !== '—'; }, null, { timeout: 60_000 });
    const tReady = Date.now();

    await page.selectOption('[data-action="fast-copies"]', String(COPIES));
    await page.fill('[data-action="fast-steps"]', String(STEPS));
    await page.click('[data-action="train-fast"]');
    const status = (): Promise<string> => field(page, 'status');
    await page.waitForFunction(() => /^training fast/.test(document.querySelector('[data-field="status"]')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-action="train-fast"]').isDisabled(), true, 'one fast training at a time');
    assert.equal(await page.locator('[data-action="save"]').isDisabled(), true, 'no Save while training fast');

    // Live while training: episodes and steps/s move, and the page answers (a timer task runs) in between.
    // steps/s shows once the dashboard has followed the training agent for a second.
    await page.waitForFunction(() => Number(document.querySelector('[data-field="episodes"]')?.textContent) >= 50 &&
      Number(document.querySelector('[data-field="steps-per-second"]')?.textContent) > 0, null, { timeout: 60_000 });
    const liveRate = Number(await field(page, 'steps-per-second'));
    const answerMs = await page.evaluate(() => new Promise<number>((resolve) => { const t = performance.now(); setTimeout(() => resolve(performance.now() - t), 0); }));
    const stillTraining = /^training fast/.test(await status());
    assert.ok(stillTraining, `the numbers were read during training: ${await status()}`);
    await page.waitForFunction(() => /^trained|failed/.test(document.querySelector('[data-field="status"]')?.textContent ?? ''), null, { timeout: 90_000 });
    const tTrained = Date.now();
    // Count the visible game's greedy episodes from now on (the trained agent is attached already).
    await page.evaluate(() => {
      const w = window as unknown as DemoWindow;
      w.__greedy = [];
      w.pixelpilotDemo.agent()!.on('episode', (e) => w.__greedy!.push(e.return));
    });
    const trainedStatus = await status();
    assert.match(trainedStatus, /^trained 12\d{3} agent steps on 8 copies in [\d.]+ s \(\d+ steps\/s, mean return -?[\d.]+\); playing greedily on wasm$/, dump());
    assert.equal(await page.locator('[data-action="mode"]').inputValue(), 'inference');

    // The curve: x is agent steps over all copies, from the first episodes to ~12,000; the moving average rises.
    const trainedSteps = Number(/^trained (\d+)/.exec(trainedStatus)![1]);
    // The dashboard redraws every 500 ms.
    await page.waitForFunction((n) => Number(document.querySelector('[data-field="reward-plot"]')?.getAttribute('data-last-step')) >= n, trainedSteps - 100, { timeout: 5000 });
    const curve = await page.evaluate(() => (window as unknown as DemoWindow).pixelpilotDemo.curve());
    assert.ok(trainedSteps >= STEPS && trainedSteps <= STEPS + COPIES, `${trainedSteps} steps`);
    assert.ok(curve.length > 200, `${curve.length} points`);
    assert.ok(curve.every((p, i) => i === 0 || p.step >= curve[i - 1]!.step), 'steps in order');
    assert.ok(curve[0]!.step <= 20 * COPIES, `the first episode ends at step ${curve[0]!.step}`);
    const training = curve.filter((p) => p.step <= trainedSteps);
    assert.ok(training.at(-1)!.step > trainedSteps - 100, `the last training episode at step ${training.at(-1)!.step}`);
    const early = training.filter((p) => p.step <= 2000).at(-1)!.average;
    const late = training.at(-1)!.average;
    assert.ok(late > early + 0.5, `moving average ${early.toFixed(2)} at ~2,000 steps, ${late.toFixed(2)} at the end`);
    assert.equal(Number(await page.locator('[data-field="reward-plot"]').getAttribute('data-episodes')), Number(await field(page, 'episodes')));

    // The visible game, at real time, played greedily by the trained policy.
    assert.equal(await page.locator('[data-action="speed"]').inputValue(), '1');
    const tGreedy = tTrained;
    await page.waitForFunction((n) => ((window as unknown as DemoWindow).__greedy?.length ?? 0) >= n, GREEDY_EPISODES, { timeout: 60_000, polling: 250 });
    const greedySeconds = (Date.now() - tGreedy) / 1000;
    const realRate = Number(await field(page, 'steps-per-second'));
    const returns = (await page.evaluate(() => (window as unknown as DemoWindow).__greedy!)).slice(0, GREEDY_EPISODES);
    const caught = returns.filter((r) => r > 0).length / returns.length;
    // The visible game's episodes go on along the same x axis: 9 decisions each after the trained steps.
    await page.waitForFunction((n) => Number(document.querySelector('[data-field="reward-plot"]')?.getAttribute('data-last-step')) >= n, trainedSteps + 9 * GREEDY_EPISODES, { timeout: 5000 });
    const after = (await page.evaluate(() => (window as unknown as DemoWindow).pixelpilotDemo.curve())).at(-1)!.step - trainedSteps;
    assert.ok(after >= 9 * GREEDY_EPISODES && after % 9 === 0, `the last visible episode ends ${after} steps after training`);
    await saveScreenshot(page, 'demo_fast_train');
    console.log(`train fast: ${trainedStatus}; live during training ${liveRate} steps/s, a timer task answered in ${answerMs.toFixed(0)} ms; ` +
      `moving average ${early.toFixed(2)} at ~2,000 steps -> ${late.toFixed(2)} at ${trainedSteps}; ` +
      `greedy at real time ${(100 * caught).toFixed(0)}% of ${returns.length} episodes in ${greedySeconds.toFixed(1)} s (${realRate} steps/s); ` +
      `build ${((tBuilt - t0) / 1000).toFixed(1)} s, page ready ${((tReady - tBuilt) / 1000).toFixed(1)} s, training ${((tTrained - tReady) / 1000).toFixed(1)} s, ` +
      `all ${((Date.now() - t0) / 1000).toFixed(1)} s (2 shared cores, load average ${loadavg()[0]!.toFixed(1)})`);
    assert.ok(liveRate > 15, `steps/s during fast training ${liveRate}: faster than real time`);
    assert.ok(realRate > 0 && realRate <= 15, `steps/s in the visible game ${realRate}: real time is 12 decisions/s at most`);
    assert.ok(caught >= 0.9, `greedy catches ${returns.join(' ')}`);
    assert.deepEqual(errors, [], dump());
  } finally {
    await browser.close();
    server.close();
  }
});
