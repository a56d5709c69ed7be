/**
 * The catch demo's ship page (demos/catch/ship.html, built as `npm start` builds it) plays the
 * policy trained by `train --game` (demos/catch/catch.ppol) through `pixelpilot/play` at real time,
 * on Phaser's own requestAnimationFrame loop, a decision every row (5 frames) as in training, none
 * late or dropped, catching >= 90% (shipped_delays.test.ts compares the same policy with
 * `eval --game` at several start delays).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CatchShipStats } from '../../demos/catch/ship';
import { buildDemoPages, launchBrowser, openPage, startServer } from './harness';

/** Episodes watched at real time: ~0.85 s each (10 rows of 5 frames at 60 fps). */
const EPISODES = 25;

test('the ship page plays the policy train --game made at real time: >= 90% caught, no decision late or dropped', { timeout: 120_000 }, async () => {
  await buildDemoPages('catch');

  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { page, console: lines, errors } = await openPage(browser, origin, '/demos/catch/ship.html');
    const dump = (): string => lines.join('\n');
    const stats = (): Promise<CatchShipStats | undefined> => page.evaluate(() => (window as unknown as { __catchShip?: CatchShipStats }).__catchShip);
    await page.waitForFunction(() => (window as unknown as { __catchShip?: unknown }).__catchShip !== undefined, null, { timeout: 30_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${dump()}`);
    });
    const start = (await stats())!;
    const t0 = Date.now();
    await page.waitForFunction((n) => ((window as unknown as { __catchShip: CatchShipStats }).__catchShip.episodes >= n), start.episodes + EPISODES, { timeout: 60_000, polling: 100 });
    const seconds = (Date.now() - t0) / 1000;
    const end = (await stats())!;
    const episodes = end.episodes - start.episodes;
    const rate = (end.catches - start.catches) / episodes;
    const c = end.counters;
    const fps = (c.frames - start.counters.frames) / seconds;
    console.log(`catch.ppol: ship page at real time ` +
      `${(100 * rate).toFixed(1)}% of ${episodes} episodes in ${seconds.toFixed(1)} s (${fps.toFixed(0)} game frames/s), counters ${JSON.stringify(c)}`);

    assert.ok(rate >= 0.9, `real time: ${rate} catches over ${episodes} episodes\n${dump()}`);
    assert.equal(end.speed, 1, "the page runs Phaser's own loop");
    // Real time: Phaser's loop runs at most one frame per display refresh (60 Hz here); stepping
    // by hand (speed 16) would run several hundred frames a second.
    assert.ok(fps < 75, `${fps} game frames a second is faster than real time`);
    // The same decision timing as training: one decision every 5 frames, each answered in time.
    assert.equal(c.late, 0, 'no answer arrived after its decision window');
    assert.equal(c.dropped, 0, 'no step went without an action');
    assert.equal(c.callbackErrors, 0);
    assert.equal(c.answers, c.decisions, 'every decision answered');
    assert.ok(Math.abs(c.decisions - c.frames / 5) <= 1 + c.episodes, `${c.decisions} decisions in ${c.frames} frames`);
    assert.deepEqual(errors, [], dump());
  } finally {
    await browser.close();
    server.close();
  }
});
