/**
 * Runs in headless Chromium: the Trainer in a real module worker (bundled worker_entry.ts) driven
 * through spawnTrainer. Inits with backend 'auto', acts and trains on transferred frames, gets a
 * typed SpecError across the boundary, times round trips, and checks that a worker which throws at
 * load, is missing, or is terminated mid-call makes the pending call reject. The Node side
 * (worker_trainer.test.ts) asserts on the result.
 */
import { SpecError, WorkerError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { spawnTrainer } from '../../src/worker/spawn_trainer';
import type { TrainerInitOptions } from '../../src/worker/trainer_types';
import { DQN_SPEC_TEXT, frames, randomStep } from '../worker/fixtures';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./worker_trainer.worker.js', import.meta.url);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** How a promise that should reject did: the error's class, reason and message, or 'resolved'. */
async function outcome(p: Promise<unknown>): Promise<{ name: string; isWorkerError: boolean; reason?: string; message: string }> {
  try {
    await p;
    return { name: 'resolved', isWorkerError: false, message: '' };
  } catch (e) {
    const err = e as Error;
    return { name: err.name, isWorkerError: e instanceof WorkerError, reason: (e as WorkerError).reason, message: err.message };
  }
}

const init = (o: Partial<TrainerInitOptions> = {}): TrainerInitOptions => ({
  spec: DQN_SPEC_TEXT,
  obsShape: [10, 10, 1],
  obsDtype: 'uint8',
  actionSpace: { type: 'discrete', n: 3 },
  numEnvs: 2,
  frameStack: 1,
  seed: 1,
  backend: 'auto',
  wasmPaths: WASM_PATHS,
  ...o,
});

async function main(): Promise<unknown> {
  const pageAdapter = !!(await navigator.gpu?.requestAdapter());
  const client = spawnTrainer(ENTRY);
  const t0 = performance.now();

  // A bad spec: the worker's SpecError arrives as a SpecError with its problems.
  let specError: unknown = null;
  try {
    await client.init(init({ spec: '{"agent": {"name": "a", "algorithm": {"name": "DQN", "gama": 0.9}, "memroy": {}}}' }));
  } catch (e) {
    specError = {
      isSpecError: e instanceof SpecError,
      problems: (e as SpecError).problems,
      code: (e as SpecError).code,
      message: (e as Error).message,
    };
  }
  const firstCallMs = performance.now() - t0;

  const t1 = performance.now();
  const tensorsBeforeInit = (await client.stats()).numTensors;
  const selection = await client.init(init());
  const initMs = performance.now() - t1;
  const tensorsAtInit = (await client.stats()).numTensors;

  // Act and train on transferred frames.
  const rng = new Rng(5);
  let obs = frames(rng);
  let detached = true;
  let rounds = 0;
  const steps = 80;
  const t2 = performance.now();
  for (let i = 1; i <= steps; i++) {
    const seen = obs.slice(); // `obs` itself is transferred (detached) by act()
    const actions = (await client.act(obs)) as Int32Array;
    detached &&= obs.buffer.byteLength === 0;
    const next = frames(rng);
    const step = randomStep(rng, seen, actions);
    step.nextObservations = next.slice();
    const report = await client.observe(step, 2 * i);
    detached &&= step.nextObservations.buffer.byteLength === 0;
    if (report !== null) rounds++;
    obs = next;
  }
  const loopMs = performance.now() - t2;

  // Round trips: a bare call, act() on 2 small frames, and an 84x84x4 frame's transfer (the
  // worker checks its size and answers with a ShapeError: transfer + check + reply, no compute).
  const bare: number[] = [];
  const act: number[] = [];
  const frame84: number[] = [];
  let frame84Detached = true;
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    await client.stats();
    bare.push(performance.now() - t);
    const o = frames(rng);
    t = performance.now();
    await client.act(o, null, { explore: false });
    act.push(performance.now() - t);
    const big = new Uint8Array(84 * 84 * 4);
    t = performance.now();
    await client.act(big).catch(() => undefined);
    frame84.push(performance.now() - t);
    frame84Detached &&= big.buffer.byteLength === 0;
  }
  const exported = await client.exportPolicy();
  await client.importPolicy(exported);

  // act() on a real 84x84x4 observation (1 env, the same small conv net).
  await client.init(init({ obsShape: [84, 84, 4], numEnvs: 1, frameStack: 4 }));
  const act84: number[] = [];
  for (let i = 0; i < 10; i++) {
    const big = new Uint8Array(84 * 84 * 4).fill(i);
    const t = performance.now();
    await client.act(big, null, { explore: false });
    act84.push(performance.now() - t);
  }
  const stats = await client.stats();

  // The same act() on wasm in the worker, for comparison with WebGPU on SwiftShader.
  const wasm = await client.init(init({ backend: 'wasm' }));
  const actWasm: number[] = [];
  for (let i = 0; i < 20; i++) {
    const o = frames(rng);
    const t = performance.now();
    await client.act(o, null, { explore: false });
    actWasm.push(performance.now() - t);
  }
  await client.dispose();
  const tensorsAfterDispose = (await client.stats()).numTensors;
  client.terminate();
  const afterTerminate = await outcome(client.stats());

  // A worker terminated while a call is pending.
  const doomed = spawnTrainer(ENTRY);
  await doomed.init(init({ backend: 'cpu' }));
  const midCall = doomed.act(frames(rng));
  doomed.terminate();
  const terminatedMidCall = await outcome(midCall);

  // A worker that throws at top level, and one whose script does not exist.
  const thrower = spawnTrainer(new URL('./worker_throws_at_load.js', import.meta.url));
  const throwsAtLoad = await outcome(thrower.stats());
  const missing = spawnTrainer(new URL('./no_such_worker.js', import.meta.url));
  const missingScript = await outcome(missing.init(init()));

  return {
    pageAdapter,
    selection,
    specError,
    firstCallMs,
    initMs,
    tensorsBeforeInit,
    tensorsAtInit,
    tensorsAfterDispose,
    steps,
    rounds,
    loopMs,
    detached,
    frame84Detached,
    exportedBytes: exported.byteLength,
    medians: { bare: median(bare), act: median(act), frame84: median(frame84), act84: median(act84), actWasm: median(actWasm) },
    wasmBackend: wasm.backend,
    stats,
    afterTerminate,
    terminatedMidCall,
    throwsAtLoad,
    missingScript,
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: Error) => ((window as unknown as { __result: unknown }).__result = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
