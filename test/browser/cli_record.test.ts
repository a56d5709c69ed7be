/**
 * `pixelpilot record --game`: the catch demo's training entry's heuristic plays 2 copies headless;
 * the JSON says what was recorded, the file holds exactly that (the copies' episodes, each a catch
 * of +1 in 9 decisions, the entry's actions, the agent's 10x10 gray observation), and
 * `train --game --demos` learns from it. An entry without heuristic is a usage error. The start
 * flags vary the recorded episodes' starts as train --game's do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDemoFile } from '../../src/store/demo_file';
import { cli, cliProcess } from '../cli/run_cli';

const ENTRY = 'demos/catch/training.ts';

test('record --game records the entry\'s heuristic on N copies, prints what it recorded, and the file trains with train --game --demos', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-record-'));
  try {
    const out = join(dir, 'catch.pxdemo');
    const r = await cliProcess(['record', '--game', ENTRY, '--envs', '2', '--steps', '300', '--seed', '4', '--frame-stack', '1', '--out', out, '--json'], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    console.log(`record --game: ${JSON.stringify(r.json)}`);
    const j = r.json;
    assert.deepEqual(Object.keys(j), ['steps', 'episodes', 'episodes_unfinished', 'return_mean', 'seconds', 'out', 'bytes', 'checksum', 'frame_stack', 'reflex_lag', 'random_starts', 'sticky_actions']);
    assert.deepEqual([j.random_starts, j.sticky_actions], [false, 0], 'starts as train --game\'s: off by default');
    // 150 decisions of 2 copies, then the copies' open episodes closed (one more step each).
    assert.equal(j.steps, 302);
    assert.equal(j.episodes_unfinished, 2);
    // A fruit falls 9 rows: 9 decisions an episode, so 2 x 150 / 9 = 33 episodes, less the 2 open at the end.
    assert.ok(j.episodes >= 30 && j.episodes <= 33, `episodes ${j.episodes}`);
    assert.equal(j.return_mean, 1, 'the heuristic catches every fruit');
    assert.deepEqual([j.frame_stack, j.reflex_lag, j.out], [1, 0, out]);
    const bytes = readFileSync(out);
    assert.equal(j.bytes, bytes.length);
    const { manifest, demonstrations: d } = await decodeDemoFile(bytes, out);
    assert.equal(manifest.checksum, j.checksum);
    assert.equal(manifest.steps, j.steps);
    assert.equal(manifest.source, 'heuristic');
    assert.deepEqual(manifest.actionNames, ['left', 'stay', 'right']);
    assert.deepEqual(manifest.observation.shape, [10, 10, 1]);
    assert.deepEqual(manifest.observation.pipeline, { kind: 'pixels', width: 10, height: 10, grayscale: true, frameStack: 1, crop: null });
    assert.deepEqual([...new Set(d.episodes.map((e) => e.player))].sort(), [0, 1]);
    const ended = d.episodes.filter((e) => e.terminated[e.steps - 1] === 1);
    assert.equal(ended.length, j.episodes);
    for (const e of ended) {
      // 9 rows to fall (a copy's first episode: one decision more, made before its first fruit moved).
      assert.ok(e.steps === 9 || e.steps === 10, `episode of ${e.steps} steps`);
      assert.deepEqual(Array.from(e.rewards), [...new Array(e.steps - 1).fill(0), 1]);
      // The observation is what the agent sees: the basket (3 cells, their edges blurred by the shrink) lit on the bottom row.
      const bottom = Array.from(e.observations.subarray(90, 100) as Uint8Array).filter((v) => v > 100).length;
      assert.ok(bottom === 2 || bottom === 3, `${bottom} basket cells lit in the first observation's bottom row`);
    }

    const t = await cliProcess(['train', 'demos/specs/dqn_catch_pixels.json', '--game', ENTRY, '--envs', '2', '--steps', '200', '--seed', '1', '--backend', 'wasm', '--demos', out, '--json'], { timeoutMs: 200_000 });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.json.demo_steps, 302);
    assert.equal(t.json.pretrain_steps, 1000);
    assert.ok(Number.isFinite(t.json.demo_loss), `demo_loss ${t.json.demo_loss}`);

    const none = await cliProcess(['record', '--game', 'test/games/snake/training.ts', '--steps', '10', '--out', join(dir, 'none.pxdemo')], { timeoutMs: 120_000 });
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /^pixelpilot: record --game: the training entry has no heuristic to record: add heuristic\(scene, player\)/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('record --game --noop-max N --sticky-actions P records from varied starts, as train --game plays them, and says so', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-record-'));
  try {
    const out = join(dir, 'catch.pxdemo');
    const r = await cliProcess(['record', '--game', ENTRY, '--envs', '2', '--steps', '60', '--seed', '4', '--frame-stack', '1', '--noop-max', '3', '--sticky-actions', '0.2', '--out', out], { timeoutMs: 100_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.join('\n'), /^recorded 62 steps, \d+ episodes in .*; random starts: up to 3 no-op decisions; sticky actions 0\.2; wrote /m);
    // The no-op decisions come before each episode: the file holds the heuristic's decisions only.
    const { demonstrations: d } = await decodeDemoFile(readFileSync(out), out);
    assert.equal(d.episodes.reduce((s, e) => s + e.steps, 0), 62);
    const plain = await cliProcess(['record', '--game', ENTRY, '--envs', '2', '--steps', '60', '--seed', '4', '--frame-stack', '1', '--out', join(dir, 'plain.pxdemo')], { timeoutMs: 100_000 });
    assert.equal(plain.code, 0, plain.stderr);
    assert.notDeepEqual(readFileSync(join(dir, 'plain.pxdemo')), readFileSync(out), 'the starts changed what was recorded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('record\'s flags: --game, --steps and --out are needed; bad numbers are usage errors', async () => {
  for (const [args, message] of [
    [['record', '--steps', '10', '--out', 'x'], /record needs --game ENTRY/],
    [['record', '--game', ENTRY, '--out', 'x'], /record needs --steps N/],
    [['record', '--game', ENTRY, '--steps', '10'], /record needs --out FILE/],
    [['record', '--game', ENTRY, '--steps', '10', '--out', 'x', '--reflex-lag', 'x'], /--reflex-lag must be an integer in \[0, 1000\]/],
    [['record', '--game', ENTRY, '--steps', '0', '--out', 'x'], /steps/],
    [['record', '--game', ENTRY, '--steps', '10', '--out', 'x', '--noop-max', 'x'], /--noop-max must be an integer >= 0/],
    [['record', '--game', ENTRY, '--steps', '10', '--out', 'x', '--sticky-actions', '1'], /--sticky-actions must be a probability in \[0, 1\)/],
    [['record', '--game', ENTRY, '--steps', '10', '--out', 'x', '--random-starts', '--no-random-starts'], /give --random-starts or --no-random-starts, not both/],
  ] as const) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
