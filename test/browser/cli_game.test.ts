/**
 * `pixelpilot train SPEC --game ENTRY` and `eval POLICY --game ENTRY` end to end: the catch demo's
 * training entry bundled with esbuild, 8 copies of its scene in headless Chromium, the `--json`
 * line `train --env` prints, a policy file, a learning-curve SVG, the `--metrics` lines `train --env`
 * writes (as the page trains, not only at its end); then a greedy evaluation of the
 * saved file on the real scene. And the errors a user meets first: no browser, an entry that does not build.
 * Each runs the built `node dist/cli.js` (test/cli/run_cli.ts); the game's own errors: cli_game_errors.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { cliProcess } from '../cli/run_cli';

/** The built command, as users run it (the --game paths bundle dist/game_page.js from beside it). */
const cli = (args: string[]) => cliProcess(args, { timeoutMs: 230_000 });

const SPEC = 'demos/specs/dqn_catch_pixels.json';
const ENTRY = 'demos/catch/training.ts';

test('train --game trains the catch scene on 8 copies, saves the policy, the curve and the metrics; eval --game plays it at >= 87.5% catches (random starts)', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cli-game-'));
  try {
    const policy = join(dir, 'catch.ppol');
    const plot = join(dir, 'curve.svg');
    const metrics = join(dir, 'metrics.jsonl');
    // The metrics file read while the command runs: lines must appear as the page trains.
    const seenWhileRunning: number[] = [];
    const poll = setInterval(() => {
      try {
        seenWhileRunning.push(readFileSync(metrics, 'utf8').split('\n').filter((l) => l !== '').length);
      } catch {
        // not opened yet
      }
    }, 100);
    // Swept over seeds 1-5 (2026-12-06, eval on random starts, whose ceiling is about 0.93: a fruit
    // that falls during the no-ops can be out of reach): at 16,000 steps seeds 1, 2, 4, 5 reach a
    // greedy mean return of 0.93 and seed 3 0.81 (at 12,000 steps seed 3 had 0.69). The test trains
    // seed 1 and asks for 0.75, which every swept seed meets.
    const t = await cli(['train', SPEC, '--game', ENTRY, '--envs', '8', '--steps', '16000', '--seed', '1', '--backend', 'wasm', '--save', policy, '--plot', plot, '--metrics', metrics, '--json'])
      .finally(() => clearInterval(poll));
    assert.equal(t.code, 0, t.stderr);
    const r = JSON.parse(t.stdout.at(-1)!);
    assert.deepEqual(Object.keys(r).sort(), ['backend', 'episodes', 'episodes_unfinished', 'return_mean_100', 'seconds', 'steps']);
    assert.ok(r.episodes_unfinished >= 0 && r.episodes_unfinished <= 8, 'at most one open episode per copy is left out');
    // The run stops once 16,000 steps are observed; detaching then closes each copy's open step
    // (truncated), which the trainer learns from too: one more decision over the 8 copies at most.
    assert.ok(r.steps >= 16000 && r.steps <= 16000 + 8, `steps ${r.steps}`);
    assert.equal(r.backend, 'wasm');
    console.log(`train --game: ${t.stdout.at(-1)}; ${t.stderr.split('\n').at(-1)}`);
    const saved = await readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(policy)), policy), policy);
    assert.deepEqual(saved.manifest.actionNames, ['left', 'stay', 'right']);
    assert.equal(r.steps % 8, 0, 'whole decisions over the 8 copies');
    assert.equal(saved.manifest.frames, r.steps, 'the reported steps are the ones the trainer counted');
    assert.notEqual(saved.manifest.training, null, 'saved with the training state, as train --env saves');
    const note = `saved ${policy}: with training state, ${readFileSync(policy).length.toLocaleString('en-US')} bytes; \`pixelpilot export ${policy} --format ppol --out FILE\` strips it`;
    assert.ok(t.stderr.split('\n').some((l) => l.startsWith(note)), `train --game says what it saved:\n${t.stderr}`);
    const svg = readFileSync(plot, 'utf8');
    assert.equal(svg.match(/<circle /g)?.length, r.episodes, 'one dot per episode');
    assert.match(svg, /class="average"/);

    // train --env's lines: every meta.log_frequency (1,000 in the demo spec) agent steps over all
    // copies, but at least 50 lines a run: every 320 steps of 16,000.
    const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.step), Array.from({ length: 50 }, (_, i) => 320 * (i + 1)));
    for (const l of lines) {
      assert.deepEqual(Object.keys(l).sort(), ['episodes', 'loss', 'return_mean_100', 'step', 'steps_per_s']);
      assert.ok(Number.isFinite(l.steps_per_s) && l.steps_per_s > 0, JSON.stringify(l));
      // Training starts at step 300 and runs every 4 steps: every line after it has had optimizer steps.
      if (l.step > 300) assert.ok(Number.isFinite(l.loss) && l.loss >= 0, JSON.stringify(l));
      else assert.equal(l.loss, null, JSON.stringify(l));
    }
    assert.ok(lines.every((l, i) => i === 0 || l.episodes > lines[i - 1].episodes), 'episodes grow between lines');
    assert.ok(lines.at(-1).episodes <= r.episodes && lines.at(-1).episodes > 0.9 * r.episodes, `${lines.at(-1).episodes} of ${r.episodes} episodes`);
    assert.ok(lines.at(-1).return_mean_100 > lines[0].return_mean_100, 'the mean return rises');
    assert.ok(seenWhileRunning.some((n) => n > 0 && n < lines.length), `lines seen while it ran: ${[...new Set(seenWhileRunning)].join(', ')}`);
    console.log(`train --game --metrics: ${lines.length} lines, first ${JSON.stringify(lines[0])}, last ${JSON.stringify(lines.at(-1))}`);

    const e = await cli(['eval', policy, '--game', ENTRY, '--envs', '8', '--episodes', '200', '--json']);
    assert.equal(e.code, 0, e.stderr);
    const ev = JSON.parse(e.stdout.at(-1)!);
    console.log(`eval --game: ${e.stdout.at(-1)}`);
    assert.equal(ev.episodes, 200);
    // The mean's standard error: the sample standard deviation over sqrt(200).
    assert.ok(Math.abs(ev.return_se - (ev.return_std * Math.sqrt(200 / 199)) / Math.sqrt(200)) < 1e-12, `return_se ${ev.return_se}`);
    // Catch returns +1 or -1: a mean of 0.75 is 87.5% catches.
    assert.ok(ev.return_mean >= 0.75, `greedy mean return ${ev.return_mean} (< 87.5% catches)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train --game names what is missing: the browser, the entry file, an entry that does not build', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cli-game-'));
  try {
    const noBrowser = await cli(['train', SPEC, '--game', ENTRY, '--steps', '10', '--browser', join(dir, 'chromium')]);
    assert.equal(noBrowser.code, 2);
    assert.match(noBrowser.stderr, /--browser .*chromium: no such file \(give the path of a Chromium or Chrome executable\)/);
    const noEntry = await cli(['train', SPEC, '--game', join(dir, 'missing.ts'), '--steps', '10']);
    assert.equal(noEntry.code, 2);
    assert.match(noEntry.stderr, /--game .*missing\.ts: no such file/);
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, "import { Nope } from './nowhere.js';\nexport default Nope;\n");
    const bad = await cli(['train', SPEC, '--game', broken, '--steps', '10']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /the training entry does not build\n.*nowhere\.js/);
    const mixed = await cli(['train', SPEC, '--env', 'catch', '--envs', '4', '--steps', '10']);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /--envs is used with --game ENTRY only/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
