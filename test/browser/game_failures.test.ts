/**
 * trainGame and playGame reject, within seconds, with a GameError naming where the game failed
 * (never hang) on the broken entries of test/cli/fixtures/games; see game_failures.page.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';
import type { Outcome } from './game_failures.page';

test('trainGame and playGame reject with the game\'s error, within seconds, when the game fails', { timeout: 120_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/game_failures.page.js', 110_000);
    assert.ok(Array.isArray(result), `${JSON.stringify(result)}\n${lines.join('\n')}`);
    const outcomes = result as Outcome[];
    for (const o of outcomes) console.log(`${o.call} ${o.name}: ${o.ended} in ${o.ms.toFixed(0)} ms: ${o.message ?? ''}`);
    const find = (name: string, call = 'trainGame'): Outcome => outcomes.find((o) => o.name === name && o.call === call)!;
    const expect = (o: Outcome, stage: string, message: RegExp, cause?: RegExp): void => {
      assert.equal(o.ended, 'GameError', `${o.call} ${o.name}: ${o.ended} ${o.message ?? ''}`);
      assert.equal(o.code, 'GAME_FAILED');
      assert.equal(o.stage, stage, `${o.call} ${o.name}`);
      assert.match(o.message!, message);
      if (cause !== undefined) assert.match(o.causeStack!, cause, `${o.call} ${o.name}: the cause keeps the game's stack`);
      assert.equal(o.canvasesLeft, 0, `${o.call} ${o.name}: every copy's canvas is removed`);
    };
    expect(find('no_physics'), 'create', /^copy 0's scene threw in create\(\): TypeError: Cannot read properties of undefined \(reading 'add'\)/, /NoPhysicsScene\.create/);
    expect(find('create_throws'), 'create', /^copy 0's scene threw in create\(\): Error: create failed on purpose/, /CreateThrowsScene\.create/);
    expect(find('update_throws'), 'update', /^copy 0's scene threw in update\(\): RangeError: update failed on frame 50/, /UpdateThrowsScene\.update/);
    assert.ok(find('update_throws').progress.frames === 50, `frames ${find('update_throws').progress.frames}`);
    expect(find('boot_fails'), 'boot', /^copy 0's postBoot callback threw: Error: postBoot failed on purpose/, /postBoot/);
    expect(find('never_active'), 'start', /did not start within 2\.0 s .*\n {2}copy 0: scene 'tiny' is LOADING, waiting for 1 file \(never from never\.bin\)/);
    assert.ok(find('never_active').ms < 6000, `never_active took ${find('never_active').ms} ms`);
    const reward = find('reward_throws');
    assert.equal(reward.ended, 'AgentCallbackError');
    assert.match(reward.message!, /^attach: reward\(0\) threw: reward failed on its 20th call/);
    assert.match(reward.causeStack!, /badReward/);
    assert.equal(reward.canvasesLeft, 0);
    expect(find('create_throws', 'playGame'), 'create', /threw in create\(\)/);
    expect(find('update_throws', 'playGame'), 'update', /threw in update\(\)/);
    for (const o of outcomes.filter((x) => x.name !== 'never_active')) assert.ok(o.ms < 5000, `${o.call} ${o.name} took ${o.ms} ms`);
    const ok = find('tiny');
    assert.equal(ok.ended, 'resolved', `${ok.message}`);
    assert.equal(ok.progress.phase, 'done');
    assert.deepEqual([ok.progress.booted, ok.progress.created], [1, 1]);
    assert.ok(ok.progress.decisions > 0 && ok.progress.frames > 0 && ok.progress.lastDone[0] !== null, JSON.stringify(ok.progress));
  } finally {
    await browser.close();
    server.close();
  }
});
