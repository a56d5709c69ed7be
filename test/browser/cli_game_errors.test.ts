/**
 * `pixelpilot train|eval --game` on broken training entries (test/cli/fixtures/games/), run as users
 * run it (the built `node dist/cli.js`): each stops within seconds, exits non-zero (1 for the game's
 * own errors, 2 for an entry that does not build) and prints the error with its place in the
 * entry's files (the page's stack mapped back with its source map), never hangs. And what works:
 * the tiny game trains, saves the page's policy bytes as they are, and plays them back; the agent's
 * warnings are printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { cliProcess, type CliRun } from '../cli/run_cli';

const SPEC = 'demos/specs/dqn_catch_pixels.json';
const GAMES = 'test/cli/fixtures/games';
/** Every failing case must end well within this (the default watchdog is 30 s; these take a few seconds here). */
const LIMIT_MS = 30_000;

/** PPO, whose copies are acted on a second worker while the first trains with --overlap (a round every 8 decisions). */
const PPO_SPEC = 'test/cli/fixtures/ppo_tiny_pixels.json';

/** `train SPEC --game GAMES/<file>` on the built command, with `extra` flags (`--spec-file F` first: another spec). */
async function train(file: string, ...extra: string[]): Promise<CliRun> {
  const spec = extra[0] === '--spec-file' ? extra[1]! : SPEC;
  if (spec !== SPEC) extra = extra.slice(2);
  const r = await cliProcess(['train', spec, '--game', `${GAMES}/${file}`, '--steps', '400', '--backend', 'wasm', ...extra], { timeoutMs: 90_000 });
  console.log(`${file}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s\n${r.stderr}`);
  return r;
}

/** The game's error: exit 1, within LIMIT_MS, stderr starting with `first` and naming `where` (the entry's file:line:column). */
function gameError(r: CliRun, first: RegExp, where: string): void {
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.ms < LIMIT_MS, `took ${r.ms} ms`);
  assert.match(r.stderr, first);
  assert.ok(r.stderr.includes(`${GAMES}/${where}`), `names ${where}:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /page\.js:\d+|internal error/);
}

test('train --game: a scene using this.physics in a game without a physics config exits 1 at once, naming the line in the scene file', { timeout: 90_000 }, async () => {
  const r = await train('no_physics.ts');
  gameError(r, /^GameError: copy 0's scene threw in create\(\): TypeError: Cannot read properties of undefined \(reading 'add'\)\n {4}at NoPhysicsScene\.create \(/, 'no_physics.ts:7:31)');
  assert.match(r.stderr, /\n {2}7 \| const ball = this\.physics\.add\.image\(20, 20, '__WHITE'\);\n {4}\| {27}\^/);
  assert.match(r.stderr, /hint: this\.physics exists only when the game's config names a physics system: add physics: \{ default: 'arcade' \}/);
});

test('train --game: create() that throws', { timeout: 90_000 }, async () => {
  gameError(await train('create_throws.ts'), /^GameError: copy 0's scene threw in create\(\): Error: create failed on purpose\n {4}at CreateThrowsScene\.create/, 'create_throws.ts:7:11)');
});

test('train --game: update() that throws on frame 50', { timeout: 90_000 }, async () => {
  gameError(await train('update_throws.ts'), /^GameError: copy 0's scene threw in update\(\): RangeError: update failed on frame 50\n {4}at UpdateThrowsScene\.update/, 'update_throws.ts:7:34)');
});

test('train --game: a reward() that throws (the agent\'s AgentCallbackError)', { timeout: 90_000 }, async () => {
  gameError(await train('reward_throws.ts'), /^AgentCallbackError: attach: reward\(0\) threw: reward failed on its 20th call\n {4}at /, 'reward_throws.ts:7:36)');
});

test('train --game --overlap with PPO acting on a second worker (a round every 16 frames, beside the copies): update() that throws on frame 50 stops the run the same way', { timeout: 90_000 }, async () => {
  const r = await train('update_throws.ts', '--spec-file', PPO_SPEC, '--overlap');
  gameError(r, /^GameError: copy 0's scene threw in update\(\): RangeError: update failed on frame 50\n {4}at UpdateThrowsScene\.update/, 'update_throws.ts:7:34)');
});

test('train --game: a rejection nobody awaits (an async load started in update())', { timeout: 90_000 }, async () => {
  gameError(await train('update_rejects.ts'), /^GameError: an error nobody caught: Error: level 2 is missing\n {4}at UpdateRejectsScene\.loadLevel \(/, 'update_rejects.ts:12:11)');
});

test('train --game: a postBoot callback that throws (Phaser fails at boot)', { timeout: 90_000 }, async () => {
  gameError(await train('boot_fails.ts'), /^GameError: copy 0's postBoot callback threw: Error: postBoot failed on purpose\n/, 'boot_fails.ts:7:13)');
});

test('train --game: an entry that throws while it is imported', { timeout: 90_000 }, async () => {
  gameError(await train('import_throws.ts'), /^GameError: the training entry threw while it was imported: Error: no level named intro\n {4}at readLevel \(/, 'import_throws.ts:5:9)');
});

test('train --game: an entry with a syntax error exits 2 naming its line and column', { timeout: 90_000 }, async () => {
  const r = await train('syntax_error.js');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^pixelpilot: --game .*syntax_error\.js: the training entry does not build\n {2}test\/cli\/fixtures\/games\/syntax_error\.js:4:49: Expected "\}" but found "height"/);
});

test('train --game: a scene that never starts (its asset never loads) is reported within --watchdog seconds, with what it waits for', { timeout: 90_000 }, async () => {
  const r = await train('never_active.ts', '--watchdog', '3');
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.ms < LIMIT_MS, `took ${r.ms} ms`);
  assert.match(r.stderr, /^GameError: the entry's scene did not start within 3\.0 s \(\d+ frames stepped; its create\(\) never ran: does it wait for assets that never load\?\)\n {2}copy 0: scene 'tiny' is LOADING, waiting for 1 file \(never from never\.bin\)/);
});

test('train --game: the watchdog stops a game that freezes (an endless update()) and says what it last saw', { timeout: 90_000 }, async () => {
  const r = await train('update_freezes.ts', '--watchdog', '3');
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.ms < LIMIT_MS, `took ${r.ms} ms`);
  assert.match(r.stderr, /^GameError: no decision for 3 s \(--watchdog 3; 0 turns it off\)\n {2}the page has not answered for \d+\.\d s: it is frozen/);
  assert.match(r.stderr, /phase running; 1 of 1 copies booted; every scene's create\(\) ran; \d+ frames stepped; \d+ decisions/);
  assert.match(r.stderr, /done\(\) last returned: (false|true)\n {2}last event: /);
});

test('train --game prints the agent\'s warnings on stderr as pixelpilot: warning: ..., and still succeeds', { timeout: 90_000 }, async () => {
  const r = await train('upscaled.ts', '--steps', '40', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.json !== null);
  assert.match(r.stderr, /^pixelpilot: warning: the 84x84 observation is read from the 40x40 canvas, so it is upscaled/m);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('pixelpilot: warning:')).length, 1, 'each warning once');
});

test('train --game --save writes the page\'s policy bytes; eval --game plays them, and stops with the game\'s error on a broken scene', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cli-errors-'));
  try {
    const policy = join(dir, 'tiny.ppol');
    const t = await train('tiny.ts', '--save', policy, '--json');
    assert.equal(t.code, 0, t.stderr);
    assert.deepEqual(Object.keys(t.json).sort(), ['backend', 'episodes', 'episodes_unfinished', 'return_mean_100', 'seconds', 'steps']);
    const saved = await readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(policy)), policy), policy);
    assert.equal(saved.manifest.frames, t.json.steps);
    assert.notEqual(saved.manifest.training, null);
    assert.match(t.stderr, new RegExp(`saved ${policy}: with training state, ${readFileSync(policy).length.toLocaleString('en-US')} bytes`));
    const ok = await cliProcess(['eval', policy, '--game', `${GAMES}/tiny.ts`, '--episodes', '5', '--json'], { timeoutMs: 90_000 });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json.episodes, 5);
    const bad = await cliProcess(['eval', policy, '--game', `${GAMES}/update_throws.ts`, '--episodes', '5'], { timeoutMs: 90_000 });
    console.log(`eval update_throws: exit ${bad.code} in ${(bad.ms / 1000).toFixed(1)} s\n${bad.stderr}`);
    gameError(bad, /^GameError: copy 0's scene threw in update\(\): RangeError: update failed on frame 50\n/, 'update_throws.ts:7:34)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
