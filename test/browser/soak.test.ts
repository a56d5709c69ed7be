/**
 * The soak run's CI version: the catch demo training at top speed in Chromium for 1 minute (about
 * 2,500 training rounds: a tensor kept by any round shows from the second reading); the
 * worker's live tensor count must stay flat from the first reading to the last (every reading
 * between episodes is the same), and the run must make progress without errors. The JS heap is
 * reported, not asserted (GC timing). The long run is `node benchmarks/run.mjs benchmarks/soak.bench.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from './soak_run';

const MINUTES = Number(process.env.PIXELPILOT_SOAK_MINUTES ?? 1);

test(`soak: ${MINUTES} minute${MINUTES === 1 ? '' : 's'} of catch training at top speed keep the worker's tensor count flat`, { timeout: (MINUTES * 60 + 240) * 1000 }, async () => {
  const r = await runSoak({ minutes: MINUTES, sampleSec: 20, log: (l) => console.log(l) });
  console.log(JSON.stringify({ backend: r.backend, frames: r.frames, steps: r.steps, trainRounds: r.trainRounds, episodes: r.episodes, start: r.start, end: r.end }));
  assert.deepEqual(r.errors, []);
  assert.equal(r.backend, 'wasm');
  assert.ok(r.trainRounds > 100, `training rounds: ${r.trainRounds}`);
  // Flat: once the agent has trained (its optimizer slots exist), every reading equals the first.
  const trained = r.tensors.filter(([, , rounds]) => rounds > 0);
  assert.ok(trained.length >= 10, `tensor readings while training: ${trained.length}`);
  const first = trained[0]![1];
  assert.deepEqual(trained.filter(([, n]) => n !== first), [], `worker tensors drifted from ${first}`);
});
