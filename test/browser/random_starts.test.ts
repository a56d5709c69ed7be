/**
 * Random starts on real Phaser scenes (random_starts.page.ts): a Pong whose serve never varies,
 * played greedily on 8 copies, gives 64 identical episodes and the 'identical-episodes' warning
 * without random starts, and distinct episodes with no-op starts or with the entry's reset(); a
 * block that reset() moves with no no-op frame after it is drawn where it is (GameCopies.renderCopy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentWarning, PlayGameResult } from '../../src/index';
import { launchBrowser, runPage, startServer } from './harness';

type Summary = Omit<PlayGameResult, 'returns' | 'timing'> & { warningEvents: AgentWarning[] };

test('a fixed-serve Pong on 8 real Phaser copies: identical episodes and a warning without random starts, distinct ones with no-op starts or reset(); what reset() moves is drawn before the first observation', { timeout: 300_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/random_starts.page.js');
    const r = result as { error?: string; fixed: Summary; noops: Summary; resetOnly: Summary; resets: number; distinctResets: number; drawn: { x: number; seen: number }[] };
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    const line = (name: string, s: Summary): string =>
      `${name}: return ${s.returnMean.toFixed(2)} ± ${s.returnStd.toFixed(2)} (min ${s.returnMin}, median ${s.returnMedian}, max ${s.returnMax}), ${s.distinctEpisodes} distinct of ${s.episodes}, warnings ${s.warnings.map((w) => w.code).join(',') || 'none'}`;
    console.log(line('random starts off', r.fixed));
    console.log(line('no-op starts (up to 30)', r.noops));
    console.log(line(`reset() only (${r.resets} calls, ${r.distinctResets} distinct serves)`, r.resetOnly));

    assert.equal(r.fixed.identicalEpisodes, true);
    assert.equal(r.fixed.returnStd, 0);
    assert.deepEqual(r.fixed.warnings.map((w) => w.code), ['identical-episodes']);
    assert.deepEqual(r.fixed.warningEvents, r.fixed.warnings, "the agent's 'warning' event");

    assert.deepEqual(r.noops.randomStarts, { noops: 30 });
    assert.equal(r.noops.identicalEpisodes, false);
    assert.ok(r.noops.distinctEpisodes > 8, `${r.noops.distinctEpisodes} distinct episodes`);
    assert.deepEqual(r.noops.warnings, []);

    assert.equal(r.resetOnly.identicalEpisodes, false);
    assert.ok(r.resetOnly.distinctEpisodes > 8);
    assert.ok(r.resets >= r.resetOnly.episodes, 'reset() ran at every episode start');
    assert.equal(r.distinctResets, r.resets, 'every start drew its own serve');

    // reset() with no no-op frame after it: the copy is drawn again, so the first observation shows
    // the block where reset() put it, not where the frame before drew it.
    assert.equal(r.drawn.length, 16);
    assert.ok(new Set(r.drawn.map((d) => d.x)).size >= 4, `block places ${r.drawn.map((d) => d.x).join(',')}`);
    for (const d of r.drawn) assert.equal(d.seen, d.x, `block at x ${d.x}, drawn at ${d.seen}: ${JSON.stringify(r.drawn)}`);
  } finally {
    await browser.close();
    server.close();
  }
});
