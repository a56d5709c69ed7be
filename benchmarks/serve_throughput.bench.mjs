/**
 * `pixelpilot serve` throughput: the catch demo's scene (demos/catch/training.ts) at 8 copies,
 * stepped through the TCP protocol by a Node client (test/cli/serve_client.ts) sending random
 * actions, against the same entry's in-process stepping in the same run: `pixelpilot train --game`
 * (its DQN acting and training included) and trainGame's own timing split (benchmarks/
 * train_game.page.ts: the page's stepping + capture alone, the most a served step could reach).
 * Reports steps/s (agent steps = decisions over all copies), bytes per step on the wire, and where
 * a served step's wall time went: the page's stepping and reading, the page link (Node <-> page),
 * and the protocol (TCP, framing, the client).
 * Run: npx rollup -c --silent && node benchmarks/serve_throughput.bench.mjs [--steps N] [--envs N]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CATCH_ENTRY, catchBaselines } from './catch_baselines.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const envs = Number(arg('--envs', '8'));
/** Served STEP messages (each one decision of every copy). */
const steps = Number(arg('--steps', '1500'));
const root = new URL('..', import.meta.url).pathname;
const ENTRY = CATCH_ENTRY;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`load average at start: ${load()} (2 cores, shared with other work)`);

// The tests' protocol client, bundled for this script.
const clientFile = join(root, 'build/bench/serve_client.mjs');
await build({ entryPoints: [join(root, 'test/cli/serve_client.ts')], outfile: clientFile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { ServeClient, startServer } = await import(clientFile);

// 1. Served: random actions from a fixed LCG, so every run sends the same ones.
const server = await startServer(['--game', ENTRY, '--envs', String(envs), '--seed', '1', '--idle-timeout', '0']);
const client = await ServeClient.connect(server.ready.port);
const n = client.welcome.actions.n;
let state = 12345;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % n;
await client.reset(1);
for (let i = 0; i < 50; i++) await client.step(Array.from({ length: envs }, random));
let bytes = 0;
let episodes = 0;
const t0 = performance.now();
for (let i = 0; i < steps; i++) {
  const r = await client.step(Array.from({ length: envs }, random));
  bytes += r.bytes + 5 + 4 * envs;
  episodes += r.terminated.reduce((s, x) => s + x, 0) + r.truncated.reduce((s, x) => s + x, 0);
}
const servedMs = performance.now() - t0;
await client.close();
server.child.kill('SIGTERM');
const code = await server.exited;
if (code !== 0) throw new Error(`serve exited with ${code}\n${server.stderr()}`);
// The server's own split, per request (resets and steps, warm-up included): see serve_command.ts's timing line.
const m = /per request: ([\d.]+) ms round trip to the page, ([\d.]+) ms of it in the page, ([\d.]+) ms on the page link; (\d+) observation bytes, (\d+) bytes on the page link/.exec(server.stderr());
if (m === null) throw new Error(`no timing line from serve:\n${server.stderr()}`);
const [roundTrip, inPage, link] = m.slice(1, 4).map(Number);
const perStep = servedMs / steps;
const protocol = perStep - roundTrip;
const servedRate = (steps * envs) / (servedMs / 1000);

// 2. train --game on the same entry and copies (the DQN's acting and training included), and
// 3. trainGame's timing split in the page (the same spec, copies and steps).
const trainSteps = Number(arg('--train-steps', String(steps * envs)));
const { trainRate, page, inProcessRate } = await catchBaselines(root, envs, trainSteps);
const t = page.timing;

const pct = (ms) => `${((100 * ms) / perStep).toFixed(0)}%`;
console.log(`\ncatch, ${envs} copies (${ENTRY}), load average at end: ${load()}`);
console.log(`served over TCP (random actions): ${steps} steps in ${(servedMs / 1000).toFixed(1)} s: ${servedRate.toFixed(0)} agent steps/s (${(1000 / perStep).toFixed(0)} STEP messages/s), ${episodes} episodes ended`);
console.log(`  per STEP: ${perStep.toFixed(3)} ms = page ${inPage.toFixed(3)} ms (${pct(inPage)}) + page link ${link.toFixed(3)} ms (${pct(link)}) + protocol (TCP, framing, client) ${protocol.toFixed(3)} ms (${pct(protocol)})`);
console.log(`  bytes per STEP on the wire: ${(bytes / steps).toFixed(0)} (STEP ${5 + 4 * envs} + STEP_RESULT ${(bytes / steps - 5 - 4 * envs).toFixed(0)}; observations ${m[4]} of them); on the page link: ${m[5]}`);
console.log(`train --game (DQN acting and training, wasm): ${trainRate} agent steps/s`);
console.log(`trainGame in the page: ${page.decisionsPerSecond.toFixed(0)} agent steps/s; its stepping + capture alone: ${inProcessRate.toFixed(0)} agent steps/s ` +
  `(${(100 * t.steppingMs / t.totalMs).toFixed(0)}% stepping, ${(100 * t.captureMs / t.totalMs).toFixed(0)}% capture, ${(100 * t.actingMs / t.totalMs).toFixed(0)}% acting, ${(100 * t.trainingMs / t.totalMs).toFixed(0)}% training)`);
console.log(`\n| path | agent steps/s | vs train --game |`);
console.log('|---|---:|---:|');
console.log(`| serve, TCP client, random actions | ${servedRate.toFixed(0)} | ${(servedRate / trainRate).toFixed(2)} |`);
console.log(`| train --game (DQN) | ${trainRate} | 1.00 |`);
console.log(`| trainGame stepping + capture only | ${inProcessRate.toFixed(0)} | ${(inProcessRate / trainRate).toFixed(2)} |`);
