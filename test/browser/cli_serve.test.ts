/**
 * `pixelpilot serve` end to end, as users run it (the built `node dist/cli.js serve`, real
 * Chromium), spoken to by the tests' protocol client (test/cli/serve_client.ts, written from
 * docs/serve-protocol.md): the catch demo's entry at 2 copies (handshake, shapes and dtypes, seeded
 * determinism, next-step autoreset, every protocol error, one client at a time, a client that leaves
 * mid-episode), the tiny game with maxStep at 1 copy (truncation; the idle timeout closes Chromium:
 * none of its processes is left), off loopback with a token (and the same port again: exit 2), and a
 * scene whose update() throws (ERROR `game` naming the file; the server exits 1), and one whose page
 * freezes (the watchdog's report as ERROR `game`). The first four servers start at once, so that
 * their Chromium start-ups overlap.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ServeClient, ServeClientError, startServer, TYPE, type ServerProcess, type StepResult } from '../cli/serve_client';
import { cliProcess } from '../cli/run_cli';

const CATCH = 'demos/catch/training.ts';
const GAMES = 'test/cli/fixtures/games';

const catchServer = startServer(['--game', CATCH, '--envs', '2', '--seed', '1', '--idle-timeout', '0']);
// Its client connects as soon as it is ready, so that the idle timeout counts only from when it leaves.
const maxStepServer = startServer(['--game', `${GAMES}/tiny_max_step.ts`, '--envs', '1', '--idle-timeout', '1.5']).then(async (s) => ({ s, c: await ServeClient.connect(s.ready.port) }));
const tokenServer = startServer(['--game', `${GAMES}/tiny.ts`, '--host', '0.0.0.0', '--idle-timeout', '0'], { env: { ...process.env, PIXELPILOT_TOKEN: 's3cret' } });
const throwServer = startServer(['--game', `${GAMES}/update_throws.ts`, '--idle-timeout', '0']);
// Started in its test, alone: its watchdog of 3 s watches the page's loading too.
let freezeServer: Promise<ServerProcess> | null = null;
// Started in its test (a fifth Chromium at once would only slow the others).
let startsServer: Promise<ServerProcess> | null = null;

after(async () => {
  for (const p of [catchServer, maxStepServer.then((x) => x.s), tokenServer, throwServer, ...[freezeServer, startsServer].filter((x) => x !== null)]) {
    const s = await p.catch(() => null);
    if (s !== null && s.child.exitCode === null) s.child.kill('SIGKILL');
  }
});

/** Every process under `pid` (its children, theirs ...), with their command names. */
function descendants(pid: number): { pid: number; comm: string }[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/));
  const found: { pid: number; comm: string }[] = [];
  const walk = (parent: number): void => {
    for (const [p, pp, comm] of rows) {
      if (Number(pp) !== parent) continue;
      found.push({ pid: Number(p), comm: comm ?? '' });
      walk(Number(p));
    }
  };
  walk(pid);
  return found;
}

/** True while `pid` runs (a zombie, exited and waiting for its parent to read its status, does not). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

/** Resolves once none of `pids` runs (a server's Chromium processes end with it: the main one before it exits, its helpers just after); rejects with the ones left after 5 s. */
async function gone(pids: number[]): Promise<void> {
  const t0 = performance.now();
  while (pids.some(alive) && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(pids.filter(alive), [], 'no process of the server is left');
}

/** Resolves once `cond()` holds (checked every 20 ms; rejects after 10 s). */
async function until(cond: () => boolean): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > 10_000) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The browser processes the server started (asserted to exist). */
function chromiumOf(s: ServerProcess): number[] {
  const procs = descendants(s.child.pid!);
  const browser = procs.filter((p) => /chrom/i.test(p.comm));
  assert.ok(browser.length > 0, `no chromium under the server: ${JSON.stringify(procs)}`);
  return procs.map((p) => p.pid);
}

/** Rejects with the server's ERROR: its code and message. */
async function refused(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ServeClientError, String(e));
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.detail, message);
    return true;
  });
}

/** The catch actions of step i of a run (fixed, so that runs can be compared). */
const actionsAt = (i: number): number[] => [i % 3, (i * 7 + 1) % 3];

/** A run: reset(seed) then `n` steps; `override(i)` may change step i's actions. */
async function run(c: ServeClient, seed: number, n: number, override?: (i: number, a: number[]) => number[]): Promise<{ first: Uint8Array; steps: StepResult[] }> {
  const first = (await c.reset(seed)).observations;
  const steps: StepResult[] = [];
  for (let i = 0; i < n; i++) {
    const a = actionsAt(i);
    steps.push(await c.step(override?.(i, a) ?? a));
  }
  return { first, steps };
}

const env = (obs: Uint8Array, i: number): Uint8Array => obs.subarray(i * 100, (i + 1) * 100);

test('catch, 2 copies: WELCOME says the spaces, actions and entry; OBS and STEP_RESULT carry them as laid out', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  assert.deepEqual(s.ready, { port: s.ready.port, host: '127.0.0.1', num_envs: 2, protocol: 1, token_required: false });
  const c = await ServeClient.connect(s.ready.port);
  assert.deepEqual(c.welcome, {
    protocol: 1,
    server: 'pixelpilot/0.1.0',
    num_envs: 2,
    observation: { shape: [10, 10, 1], dtype: 'uint8', low: 0, high: 255, width: 10, height: 10, grayscale: true, frame_stack: 1 },
    actions: { n: 3, names: ['left', 'stay', 'right'], noop: 'stay' },
    entry: { path: CATCH, decision_period: 5, max_step: null },
    seed: 1,
    random_starts: false,
    sticky_actions: 0,
  });
  const o = await c.reset(3);
  assert.deepEqual(o.infos, {});
  assert.equal(o.observations.length, 2 * 10 * 10 * 1);
  const r = await c.step([0, 2]);
  assert.equal(r.rewards.length, 2);
  assert.equal(r.terminated.length, 2);
  assert.equal(r.truncated.length, 2);
  assert.deepEqual(r.infos, { episode_return: [null, null], episode_length: [null, null] });
  assert.equal(r.observations.length, 200);
  // length field + type + 2 f32 + 2 u8 + 2 u8 + json_len + JSON + 200 bytes
  assert.equal(r.bytes, 4 + 1 + 8 + 2 + 2 + 4 + JSON.stringify(r.infos).length + 200);
  // The pictures are the game's: a dark background with a bright fruit and basket.
  assert.ok(Math.max(...env(r.observations, 0)) > 100 && Math.min(...env(r.observations, 0)) < 40);
  await c.close();
});

test('catch: the same seed replays the same observations, rewards and ends; another seed does not', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  const c = await ServeClient.connect(s.ready.port);
  const a = await run(c, 7, 25);
  const b = await run(c, 7, 25);
  const other = await run(c, 8, 25);
  await c.close();
  assert.deepEqual(b.first, a.first);
  b.steps.forEach((x, i) => {
    const y = a.steps[i]!;
    assert.deepEqual([x.observations, x.rewards, x.terminated, x.truncated, x.infos], [y.observations, y.rewards, y.terminated, y.truncated, y.infos], `step ${i}`);
  });
  assert.ok(other.steps.some((x, i) => !Buffer.from(x.observations).equals(Buffer.from(a.steps[i]!.observations))), 'seed 8 differs from seed 7');
  assert.ok(a.steps.some((x) => x.terminated.some(Boolean)), 'episodes ended within 25 steps');
});

test('catch with --noop-max 8 (random starts): WELCOME says so; a seed replays its episodes, whose starts differ from the plain server\'s', { timeout: 60_000 }, async () => {
  const s = await (startsServer = startServer(['--game', CATCH, '--envs', '2', '--seed', '1', '--idle-timeout', '0', '--noop-max', '8']));
  const c = await ServeClient.connect(s.ready.port);
  assert.deepEqual([c.welcome?.random_starts, c.welcome?.sticky_actions], [{ noops: 8 }, 0]);
  const a = await run(c, 7, 25);
  const b = await run(c, 7, 25);
  await c.close();
  const plainClient = await ServeClient.connect((await catchServer).ready.port);
  const plain = await run(plainClient, 7, 25);
  await plainClient.close();
  assert.deepEqual(b.first, a.first);
  b.steps.forEach((x, i) => assert.deepEqual([x.observations, x.rewards, x.terminated, x.infos], [a.steps[i]!.observations, a.steps[i]!.rewards, a.steps[i]!.terminated, a.steps[i]!.infos], `step ${i}`));
  // Each copy's first episode began after its drawn no-ops: the fruit has fallen further, or another episode was begun.
  const differs = (i: number): boolean => !Buffer.from(a.steps[i]!.observations).equals(Buffer.from(plain.steps[i]!.observations));
  assert.ok(!Buffer.from(a.first).equals(Buffer.from(plain.first)) || a.steps.some((_, i) => differs(i)), 'random starts changed the episodes');
  assert.ok(a.steps.some((x) => x.terminated.some(Boolean)), 'episodes ended within 25 steps');
});

test('catch: next-step autoreset: the step after an end gives the new episode\'s first observation, reward 0, no flags, and ignores that env\'s action', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  const c = await ServeClient.connect(s.ready.port);
  const a = await run(c, 7, 25);
  const t = a.steps.findIndex((x) => x.terminated[0] === 1);
  assert.ok(t > 0, 'env 0 ended');
  const end = a.steps[t]!;
  assert.notEqual(end.rewards[0], 0, 'catch ends with +1 or -1');
  assert.equal(end.truncated[0], 0);
  assert.equal(end.infos.episode_length[0], t + 1, 'the first episode lasted t + 1 decisions');
  assert.equal(end.infos.episode_return[0], end.rewards[0]);
  const next = a.steps[t + 1]!;
  assert.equal(next.rewards[0], 0);
  assert.equal(next.terminated[0], 0);
  assert.equal(next.truncated[0], 0);
  assert.equal(next.infos.episode_return[0], null);
  // With several copies the new episode's first observation is read in the frame of the end (as train --game reads it): the copy waited.
  assert.deepEqual(env(next.observations, 0), env(end.observations, 0));
  assert.notDeepEqual(env(a.steps[t + 2]!.observations, 0), env(next.observations, 0), 'the new episode moves on');
  // The same run with another action for env 0 at the reset step: nothing changes.
  const b = await run(c, 7, 25, (i, x) => (i === t + 1 ? [(x[0]! + 1) % 3, x[1]!] : x));
  b.steps.forEach((x, i) => assert.deepEqual(x.observations, a.steps[i]!.observations, `step ${i}`));
  await c.close();
});

test('catch: malformed, oversized and out-of-order messages get their ERROR, the connection closes, the reason is logged, and the server goes on', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  const port = s.ready.port;
  let c = await ServeClient.open(port);
  c.sendJson(TYPE.RESET, { seed: 1 });
  await refused(c.next(), 'bad-message', /first message must be HELLO/);
  await c.untilClosed();

  c = await ServeClient.open(port);
  c.send(TYPE.HELLO, Buffer.from('{"protocol": 1,', 'utf8'));
  await refused(c.next(), 'bad-message', /HELLO: the payload is not UTF-8 JSON/);

  c = await ServeClient.open(port);
  await refused(c.hello(null, 2), 'protocol-version', /speaks protocol 1, the client 2/);

  c = await ServeClient.open(port);
  // A length field of 2 MiB: refused as soon as it is read, before the bytes arrive.
  const head = Buffer.alloc(5);
  head.writeUInt32LE(2 * 1024 * 1024, 0);
  head[4] = TYPE.STEP;
  c.socket.write(head);
  c.socket.write(Buffer.alloc(64 * 1024));
  await refused(c.next(), 'too-large', /2097152 bytes \(the most a client may send is 1048576\)/);
  await c.untilClosed();

  c = await ServeClient.connect(port);
  c.sendStep([0, 1]);
  await refused(c.next(), 'not-reset', /STEP before the first RESET/);

  c = await ServeClient.connect(port);
  await c.reset(null);
  await refused(c.step([0, 3]), 'bad-action', /env 1: action 3 is not one of 0\.\.2 \(left, stay, right\)/);
  c = await ServeClient.connect(port);
  await c.reset(null);
  await refused(c.step([-1, 0]), 'bad-action', /env 0: action -1/);
  c = await ServeClient.connect(port);
  await c.reset(null);
  c.send(TYPE.STEP, Buffer.alloc(3));
  await refused(c.next(), 'bad-message', /STEP: the payload must be 2 i32 actions \(8 bytes\), got 3 bytes/);
  c = await ServeClient.connect(port);
  c.sendJson(TYPE.RESET, { seed: 1.5 });
  await refused(c.next(), 'bad-message', /RESET: seed must be an integer or null, got 1\.5/);
  c = await ServeClient.connect(port);
  c.send(9);
  await refused(c.next(), 'bad-message', /unknown message type 9/);

  // Still serving.
  c = await ServeClient.connect(port);
  assert.equal((await c.reset(1)).observations.length, 200);
  await c.close();
  for (const code of ['bad-message', 'protocol-version', 'too-large', 'not-reset', 'bad-action']) {
    assert.match(s.stderr(), new RegExp(`pixelpilot: closed the connection of 127\\.0\\.0\\.1:\\d+: ${code}: `));
  }
});

test('catch: one client at a time (a second gets ERROR busy); a client that leaves mid-episode frees the copies and the next one starts clean', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  const port = s.ready.port;
  const reference = await (async () => {
    const c = await ServeClient.connect(port);
    const r = await run(c, 11, 6);
    await c.close();
    return r;
  })();
  const first = await ServeClient.connect(port);
  await first.reset(11);
  await first.step([2, 2]);
  await first.step([2, 0]);
  const second = await ServeClient.open(port);
  await refused(second.next(), 'busy', /another client \(127\.0\.0\.1:\d+\) is connected/);
  await first.step([0, 0]); // the first one is not disturbed
  const firstPort = first.socket.localPort;
  first.destroy(); // gone mid-episode, without a word
  // The server hears of it when its socket closes.
  await until(() => s.stderr().includes(`client 127.0.0.1:${firstPort} left; its copies are freed`));
  const third = await ServeClient.connect(port);
  third.sendStep([0, 0]);
  await refused(third.next(), 'not-reset');
  const fourth = await ServeClient.connect(port);
  const again = await run(fourth, 11, 6);
  await fourth.close();
  assert.deepEqual(again.first, reference.first);
  again.steps.forEach((x, i) => assert.deepEqual(x.observations, reference.steps[i]!.observations, `step ${i}`));
});

test('catch: SIGTERM closes Chromium and exits 0', { timeout: 60_000 }, async () => {
  const s = await catchServer;
  const pids = chromiumOf(s);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0, s.stderr());
  assert.match(s.stderr(), /pixelpilot: SIGTERM received: stopping/);
  await gone(pids);
});

test('tiny game with maxStep 4, 1 copy: truncated at 4 decisions, then the autoreset step; no client for --idle-timeout: exits 0 and leaves no Chromium process', { timeout: 60_000 }, async () => {
  const { s, c } = await maxStepServer;
  assert.deepEqual(c.welcome!.entry, { path: `${GAMES}/tiny_max_step.ts`, decision_period: 2, max_step: 4 });
  assert.deepEqual(c.welcome!.observation.shape, [4, 4, 1]);
  assert.equal(c.welcome!.seed, null);
  await c.reset(null);
  const flags: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await c.step([2]);
    flags.push(`${r.terminated[0]}${r.truncated[0]}`);
    if (i === 3) assert.deepEqual(r.infos, { episode_return: [0], episode_length: [4] });
    if (i === 4) assert.deepEqual([r.rewards[0], r.infos.episode_length[0]], [0, null]);
  }
  assert.deepEqual(flags, ['00', '00', '00', '01', '00', '00', '00', '00', '01', '00']);
  const pids = chromiumOf(s);
  await c.close();
  const t0 = performance.now();
  assert.equal(await s.exited, 0, s.stderr());
  assert.ok(performance.now() - t0 < 10_000);
  assert.match(s.stderr(), /pixelpilot: no client for 1\.5 s: stopping/);
  await gone(pids);
});

test('off loopback: a token is required (PIXELPILOT_TOKEN); a wrong or missing one gets ERROR bad-token; the port in use is a usage error (exit 2)', { timeout: 60_000 }, async () => {
  const s = await tokenServer;
  assert.deepEqual(s.ready, { port: s.ready.port, host: '0.0.0.0', num_envs: 1, protocol: 1, token_required: true });
  let c = await ServeClient.open(s.ready.port);
  await refused(c.hello('wrong'), 'bad-token', /wrong token/);
  c = await ServeClient.open(s.ready.port);
  await refused(c.hello(null), 'bad-token', /requires a token/);
  c = await ServeClient.connect(s.ready.port, { token: 's3cret' });
  assert.equal(c.welcome!.num_envs, 1);
  await c.close();
  assert.match(s.stderr(), /closed the connection of 127\.0\.0\.1:\d+: bad-token: wrong token/);
  const taken = await cliProcess(['serve', '--game', `${GAMES}/tiny.ts`, '--host', '0.0.0.0', '--port', String(s.ready.port), '--token', 'x'], { timeoutMs: 30_000 });
  assert.equal(taken.code, 2, taken.stderr);
  assert.equal(taken.stderr, `pixelpilot: serve: port ${s.ready.port} is in use on 0.0.0.0 (another server? give another --port, or --port 0 to let the system choose)`);
  assert.deepEqual(taken.stdout, []);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
});

test('a scene whose update() throws: the client gets ERROR game with the place in the entry\'s file, and the server exits 1 printing it', { timeout: 60_000 }, async () => {
  const s = await throwServer;
  const c = await ServeClient.connect(s.ready.port);
  await c.reset(null);
  const steps = (async () => {
    for (let i = 0; i < 100; i++) await c.step([1]);
  })();
  await refused(steps, 'game', /^GameError: copy 0's scene threw in update\(\): RangeError: update failed on frame 50\n {4}at UpdateThrowsScene\.update \(test\/cli\/fixtures\/games\/update_throws\.ts:7:34\)/);
  assert.equal(await s.exited, 1);
  assert.match(s.stderr(), /GameError: copy 0's scene threw in update\(\): RangeError: update failed on frame 50\n {4}at UpdateThrowsScene\.update \(test\/cli\/fixtures\/games\/update_throws\.ts:7:34\)/);
});

test('a page that freezes in a step: the watchdog (--watchdog 3) ends it with what it last saw, as ERROR game; the server exits 1 and leaves no Chromium process', { timeout: 60_000 }, async () => {
  const s = await (freezeServer = startServer(['--game', `${GAMES}/update_freezes.ts`, '--idle-timeout', '0', '--watchdog', '3']));
  const pids = chromiumOf(s);
  const c = await ServeClient.connect(s.ready.port);
  await c.reset(null);
  const t0 = performance.now();
  const steps = (async () => {
    for (let i = 0; i < 100; i++) await c.step([1]);
  })();
  await refused(steps, 'game', /^GameError: no decision for 3 s \(--watchdog 3; 0 turns it off\)\n {2}the page has not answered for \d+\.\d s: it is frozen/);
  assert.ok(performance.now() - t0 < 15_000);
  assert.equal(await s.exited, 1);
  assert.match(s.stderr(), /phase running; 1 of 1 copies booted; every scene's create\(\) ran; \d+ frames stepped; \d+ decisions/);
  await gone(pids);
});
