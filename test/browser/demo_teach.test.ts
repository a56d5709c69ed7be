/**
 * "Teach it" on the catch demo page in headless Chromium: a scripted player follows the fruit by
 * pressing the real arrow keys (playwright's keyboard: DOM key events that Phaser reads) for
 * TEACH_SECONDS of real time while a new agent records them (agent.record with its keys map); the
 * agent then clones the recording (2,000 steps of DQfD pre-training) and plays greedily at once, no
 * RL step: its catches over the next GREEDY_EPISODES episodes are the figure (issue 18's bar for
 * heuristic demonstrations: >= 80% after cloning alone). The curve holds the player's episodes,
 * then the mark where cloning ended and RL began, then the agent's.
 *
 * A minute of play, as the issue asks (about 700 decisions, ~80 fruit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CurvePoint } from '../../demos/shared/learning_curve';
import type { TeachState } from '../../demos/shared/teach';
import { ARTIFACTS, launchBrowser, openPage, saveScreenshot, startServer } from './harness';

const ROOT = join(ARTIFACTS, '..');
const TEACH_SECONDS = 60;
const GREEDY_EPISODES = 50;

interface DemoWindow {
  pixelpilotDemo: {
    curve(): readonly CurvePoint[];
    teaching(): TeachState | null;
    agent(): { on(name: 'episode', fn: (e: { return: number }) => void): () => void } | null;
    game: { scene: { getScene(key: string): { towardsFruit(): number } } };
  };
  __greedy?: number[];
}

test('teach it: arrow keys pressed for a minute are recorded, cloned, and the agent catches >= 80% greedily right after cloning', { timeout: 300_000 }, async () => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build_demos.mjs'), 'catch'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, `build_demos failed:\n${built.stdout}\n${built.stderr}`);
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { page, console: lines, errors } = await openPage(browser, origin, '/demos/catch/index.html');
    const dump = (): string => lines.join('\n');
    await page.waitForFunction(() => { const t = document.querySelector('[data-field="backend"]')?.textContent; return typeof t === 'string' && t !== '—'; }, null, { timeout: 60_000 });
    // Greedy after teaching: the score right after cloning, before any RL step.
    await page.selectOption('[data-action="mode"]', 'inference');
    await page.fill('[data-action="teach-seconds"]', String(TEACH_SECONDS));
    await page.click('[data-action="teach"]');
    await page.waitForFunction(() => (window as unknown as DemoWindow).pixelpilotDemo.teaching()?.phase === 'recording', null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-action="teach"]').innerText(), 'Done');
    assert.equal(await page.locator('[data-action="reset"]').isDisabled(), true, 'no Reset while teaching');

    // The scripted player: looks at the game and holds the arrow key towards the fruit (no key under it).
    const held = { ArrowLeft: false, ArrowRight: false };
    const hold = async (key: 'ArrowLeft' | 'ArrowRight' | null): Promise<void> => {
      for (const k of ['ArrowLeft', 'ArrowRight'] as const) {
        if (k === key && !held[k]) await page.keyboard.down(k);
        if (k !== key && held[k]) await page.keyboard.up(k);
        held[k] = k === key;
      }
    };
    let presses = 0;
    for (;;) {
      const look = await page.evaluate(() => {
        const d = (window as unknown as DemoWindow).pixelpilotDemo;
        return { phase: d.teaching()?.phase, move: d.game.scene.getScene('catch').towardsFruit() };
      });
      if (look.phase !== 'recording') break;
      const key = look.move === 0 ? 'ArrowLeft' : look.move === 2 ? 'ArrowRight' : null;
      if (key !== null && !held[key]) presses++;
      await hold(key);
      await new Promise((r) => setTimeout(r, 15));
    }
    await hold(null);
    await page.waitForFunction(() => (window as unknown as DemoWindow).pixelpilotDemo.teaching()?.phase === 'learning', null, { timeout: 120_000 });
    // Count the agent's greedy episodes from the first one after cloning, then speed the game up.
    await page.evaluate(() => {
      const w = window as unknown as DemoWindow;
      w.__greedy = [];
      w.pixelpilotDemo.agent()!.on('episode', (e) => w.__greedy!.push(e.return));
    });
    await page.selectOption('[data-action="speed"]', '16');
    const taught = await page.evaluate(() => (window as unknown as DemoWindow).pixelpilotDemo.teaching()!);
    await page.waitForFunction((n) => ((window as unknown as DemoWindow).__greedy?.length ?? 0) >= n, GREEDY_EPISODES, { timeout: 120_000 });
    const greedy = (await page.evaluate(() => (window as unknown as DemoWindow).__greedy!)).slice(0, GREEDY_EPISODES);
    const catches = greedy.filter((r) => r > 0).length / greedy.length;
    const taughtCatches = taught.returns.filter((r) => r > 0).length / Math.max(1, taught.returns.length);
    console.log(`teach it: ${TEACH_SECONDS} s of arrow keys (${presses} presses): ${taught.steps} decisions, ${taught.episodes} episodes, the player caught ${(100 * taughtCatches).toFixed(0)}%; ` +
      `cloned ${taught.pretrained} steps, demo_loss ${taught.demoLoss?.toFixed(4)}; greedy right after cloning: ${(100 * catches).toFixed(0)}% of ${greedy.length} episodes`);
    await page.waitForTimeout(600); // the dashboard redraws every 500 ms
    await saveScreenshot(page, 'demo_teach');

    // What was recorded is the player's play: ~12 decisions a second at 60 frames/s (fewer when a
    // loaded machine slows the page's frames: 290 in 30 s was seen at load 15), ~9 per fruit, nearly all caught.
    assert.ok(taught.steps >= TEACH_SECONDS * 6 && taught.steps <= TEACH_SECONDS * 13, `${taught.steps} decisions in ${TEACH_SECONDS} s`);
    // A fruit a round, ~9 decisions each whatever the frame rate (59 episodes in 60 s at ~45 frames/s was seen on a slow machine).
    assert.ok(taught.episodes >= taught.steps / 12, `${taught.episodes} episodes in ${taught.steps} decisions`);
    assert.ok(taughtCatches >= 0.9, `the scripted player caught ${taughtCatches}`);
    assert.equal(taught.pretrained, 2000);
    assert.ok(taught.demoLoss !== null && Number.isFinite(taught.demoLoss), `demo_loss ${taught.demoLoss}`);
    // The curve: the player's episodes up to the mark, the agent's after it.
    assert.equal(taught.markStep, taught.steps);
    const curve = await page.evaluate(() => (window as unknown as DemoWindow).pixelpilotDemo.curve());
    assert.ok(curve.some((p) => p.step <= taught.markStep!) && curve.some((p) => p.step > taught.markStep!), 'episodes on both sides of the mark');
    assert.ok(catches >= 0.8, `greedy catches right after cloning: ${catches}\n${dump()}`);
    assert.deepEqual(errors, [], dump());
  } finally {
    await browser.close();
    server.close();
  }
});
