/**
 * In a real browser (Debian's headless Chromium): the Trainer runs in a module worker built from
 * src/worker/worker_entry.ts, driven through spawnTrainer with transferred frames; typed errors
 * arrive as their class; crashed, missing and terminated workers make pending calls reject.
 * The worker scripts are bundled here with esbuild's JS API (scripts/test.mjs bundles only pages).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';


interface Outcome {
  name: string;
  isWorkerError: boolean;
  reason?: string;
  message: string;
}

interface PageResult {
  error?: string;
  pageAdapter: boolean;
  selection: { backend: string; attempts: { backend: string; reason: string }[]; warnings: string[] };
  specError: { isSpecError: boolean; problems: { path: string; message: string }[]; code: string; message: string } | null;
  firstCallMs: number;
  initMs: number;
  tensorsBeforeInit: number;
  tensorsAtInit: number;
  tensorsAfterDispose: number;
  steps: number;
  rounds: number;
  loopMs: number;
  detached: boolean;
  frame84Detached: boolean;
  exportedBytes: number;
  medians: { bare: number; act: number; frame84: number; act84: number; actWasm: number };
  wasmBackend: string;
  stats: { backend: string; acts: number; steps: number };
  afterTerminate: Outcome;
  terminatedMidCall: Outcome;
  throwsAtLoad: Outcome;
  missingScript: Outcome;
}

test('the Trainer runs in a module worker: transferred frames, typed errors, failures reject', { timeout: 600_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'worker_trainer.worker');
  await bundleWorker('test/browser/worker_throws_at_load.ts', 'worker_throws_at_load');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/worker_trainer.page.js', 540_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);

    // Backend: WebGPU when the worker gets an adapter; otherwise the fallback says why.
    if (r.selection.backend !== 'webgpu') {
      assert.equal(r.selection.attempts[0]?.backend, 'webgpu');
      assert.ok(r.selection.attempts[0]!.reason.length > 0);
    }

    // Typed error across the boundary.
    assert.ok(r.specError, 'init with a bad spec must reject');
    assert.equal(r.specError.isSpecError, true, r.specError.message);
    assert.equal(r.specError.code, 'SPEC_INVALID');
    assert.ok(r.specError.problems.some((p) => p.path === 'agent.algorithm.gama'), JSON.stringify(r.specError.problems));
    assert.ok(r.specError.problems.some((p) => p.path === 'memroy' || p.path.endsWith('memroy')), JSON.stringify(r.specError.problems));

    // Training on transferred frames.
    assert.equal(r.detached, true, 'frames sent to act/observe are detached on the main thread');
    assert.equal(r.frame84Detached, true);
    assert.ok(r.rounds > 0, 'some training rounds ran');
    assert.ok(r.exportedBytes > 0);
    assert.equal(r.wasmBackend, 'wasm');
    assert.equal(r.tensorsAfterDispose, r.tensorsBeforeInit, 'tensors leaked in the worker');

    // Failures reject instead of hanging.
    for (const [what, o] of Object.entries({ afterTerminate: r.afterTerminate, terminatedMidCall: r.terminatedMidCall })) {
      assert.ok(o.isWorkerError && o.reason === 'terminated', `${what}: ${JSON.stringify(o)}`);
    }
    assert.ok(r.throwsAtLoad.isWorkerError && r.throwsAtLoad.reason === 'crashed', JSON.stringify(r.throwsAtLoad));
    assert.match(r.throwsAtLoad.message, /boom while loading/);
    assert.ok(r.missingScript.isWorkerError && r.missingScript.reason === 'crashed', JSON.stringify(r.missingScript));

    const f = (x: number): string => x.toFixed(2);
    console.log(`page adapter: ${r.pageAdapter}; worker backend: ${r.selection.backend}; attempts: ${JSON.stringify(r.selection.attempts)}`);
    console.log(`first call (worker load + bad-spec init): ${f(r.firstCallMs)} ms; init: ${f(r.initMs)} ms`);
    console.log(`${r.steps} act+observe steps (2 envs of 10x10x1, ${r.rounds} training rounds): ${f(r.loopMs)} ms`);
    console.log(`median round trip: bare call ${f(r.medians.bare)} ms; act() 2x10x10x1 ${f(r.medians.act)} ms; ` +
      `84x84x4 frame transferred + checked ${f(r.medians.frame84)} ms; act() on 84x84x4 ${f(r.medians.act84)} ms; ` +
      `act() 2x10x10x1 on ${r.wasmBackend} ${f(r.medians.actWasm)} ms`);
    console.log(`tensors: ${r.tensorsBeforeInit} before init, ${r.tensorsAtInit} after, ${r.tensorsAfterDispose} after dispose`);
    console.log(`throws at load -> ${r.throwsAtLoad.message}`);
    console.log(`missing script -> ${r.missingScript.message}`);
  } finally {
    await browser.close();
    server.close();
  }
});
