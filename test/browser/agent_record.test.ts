/**
 * `agent.record` on the catch demo's real Phaser scene in headless Chromium (agent_record.page.ts):
 * real arrow keys pressed by the test between frames are recorded as the actions of the decisions
 * they were held at (no key: 'stay') and move the basket through act; a heuristic's actions are
 * recorded as it played them, and a reflex lag of 2 shifts them; dropEpisode drops the episode in
 * progress; the rewards are the game's (+1 a catch, -1 a miss, the last step of each episode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';

interface Finished {
  manifest: { steps: number; reflexLag: number; source: string; shape: number[]; actionNames: string[] };
  episodes: { steps: number; actions: number[]; rewards: number[]; terminated: number[]; truncated: number[] }[];
  played: number[];
  returns: number[];
  tally: { catches: number; misses: number };
}

test('agent.record in a real Phaser scene: real keys and a heuristic are recorded as played; reflex lag shifts; dropEpisode drops', { timeout: 180_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { page, console: lines } = await runPage(browser, origin, 'browser/agent_record.page.js', 120_000);
    const call = <T>(fn: string, ...args: unknown[]): Promise<T> => page.evaluate(([f, a]) => (window as any).__record[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

    // Keys: a pattern of the arrows, changed every 3 frames (decisions come every 5), read at each decision.
    await call('begin', 'keys', 0);
    const pattern = ['ArrowLeft', null, 'ArrowRight', 'ArrowRight', null, 'ArrowLeft', 'ArrowLeft'] as const;
    const expected: number[] = [];
    let decisions = 0;
    let held: string | null = null;
    for (let f = 0; f < 300; f++) {
      const want = pattern[Math.floor(f / 3) % pattern.length]!;
      if (want !== held) {
        if (held !== null) await page.keyboard.up(held);
        if (want !== null) await page.keyboard.down(want);
        held = want;
      }
      const d = await call<number>('step');
      if (d > decisions) expected.push(want === 'ArrowLeft' ? 0 : want === 'ArrowRight' ? 2 : 1);
      decisions = d;
    }
    if (held !== null) await page.keyboard.up(held);
    assert.match(await call<string>('attachWhileRecording'), /the agent is recording a scene; stop\(\) the recording first/);
    const keys = await call<Finished>('finish');
    assert.equal(keys.manifest.source, 'keys');
    assert.deepEqual(keys.manifest.shape, [10, 10, 1]);
    assert.deepEqual(keys.manifest.actionNames, ['left', 'stay', 'right']);
    // Every decision's action is the arrow held when it was taken.
    assert.deepEqual(keys.episodes.flatMap((e) => e.actions), expected);
    assert.equal(keys.manifest.steps, expected.length);
    assert.ok(keys.episodes.length >= 5, `${keys.episodes.length} episodes`);
    // The game's rewards: each finished episode ends with its catch (+1) or miss (-1), nothing before.
    const ended = keys.episodes.filter((e) => e.terminated.at(-1) === 1);
    for (const e of ended) assert.deepEqual(e.rewards.slice(0, -1).every((r) => r === 0) && Math.abs(e.rewards.at(-1)!), 1);
    assert.deepEqual(ended.map((e) => e.rewards.at(-1)), keys.returns);
    assert.equal(keys.tally.catches + keys.tally.misses, ended.length, 'the keys moved the basket through act: the scene tallied every episode');
    assert.equal(keys.episodes.at(-1)!.truncated.at(-1), 1, 'the open episode closed by stop()');

    // A heuristic, no lag: its answers are the actions, in order.
    await call('begin', 'heuristic', 0);
    for (let f = 0; f < 300; f++) await call('step');
    const h = await call<Finished>('finish');
    assert.equal(h.manifest.source, 'heuristic');
    assert.deepEqual(h.episodes.flatMap((e) => e.actions), h.played);
    assert.ok(h.returns.length >= 5 && h.returns.every((r) => r === 1), `the scripted player catches every fruit: ${h.returns}`);

    // Reflex lag 2: each episode keeps the actions played 2 decisions after its observations. dropEpisode
    // right after an episode ended drops that one; the recording stops as an episode ends (none open).
    await call('begin', 'heuristic', 2);
    const until = async (n: number): Promise<void> => {
      for (let f = 0; f < 1000 && (await call<number>('episodes')) < n; f++) await call('step');
    };
    await until(3);
    const dropped = await call<number>('drop');
    assert.equal(await call<number>('episodes'), 2);
    await until(4);
    const lag = await call<Finished>('finish');
    assert.equal(lag.manifest.reflexLag, 2);
    assert.equal(lag.episodes.length, 4);
    // Played: episode 1, episode 2, the dropped one, episodes 3 and 4, each raw episode 2 steps longer than in the file.
    const raw = lag.episodes.map((e) => e.steps + 2);
    const starts = [0, raw[0]!, raw[0]! + raw[1]! + dropped, raw[0]! + raw[1]! + dropped + raw[2]!];
    assert.equal(starts[3]! + raw[3]!, lag.played.length, 'every played action is accounted for');
    lag.episodes.forEach((e, i) => assert.deepEqual(e.actions, lag.played.slice(starts[i]! + 2, starts[i]! + raw[i]!), `episode ${i}`));
    assert.ok(lag.episodes.every((e) => e.rewards.at(-1) === 1 && e.terminated.at(-1) === 1));
    console.log(`agent.record: keys ${keys.manifest.steps} steps / ${keys.episodes.length} episodes; heuristic ${h.manifest.steps} / ${h.episodes.length}; lag 2: ${lag.manifest.steps} / ${lag.episodes.length}, ${dropped} dropped`);
    void lines;
  } finally {
    await browser.close();
    server.close();
  }
});
