/**
 * In a real browser: a Bot loaded over HTTP (and from IndexedDB) plays a real Phaser 4 WEBGL
 * scene on wasm, on the main thread, with the module graph of dist/play.js (the page is built here
 * with the same inference-only stand-ins: no gradients, no training kernels). Every sampled
 * decision must be the one the training-side algorithm (Node, cpu) takes greedily for the same
 * canvas observation; tensors stay flat and return to the start after dispose; detach leaves no
 * listener; a policy that does not fit is a ShapeError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { forwardOnlyEsbuild } from '../../scripts/play_stand_ins.mjs';
import { inlineAssetsEsbuild } from '../../scripts/inline_assets.mjs';
import { observationTensor } from '../../src/algorithm/observation_tensor';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { specOf, algorithmFor, policyFile, scramble, type PolicyCase } from '../play/play_fixtures';
import { launchBrowser, runPage, startServer } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
const PAGES = join(ROOT, 'build/test/pages/browser');

interface PageResult {
  error?: string;
  backend: string;
  loadMs: number;
  startTensors: number;
  loadedTensors: number;
  afterDispose: number;
  tensorsDuring: [number, number];
  counters: { frames: number; decisions: number; answers: number; late: number; dropped: number; episodes: number };
  acts: number;
  actsAfterDetach: number;
  actionsSeen: string[];
  episodes: number[];
  errors: string[];
  brightest: number;
  catches: number;
  misses: number;
  before: { postrender: number; shutdown: number };
  after: { postrender: number; shutdown: number };
  attachedListeners: number;
  samples: { obs: number[]; heads: number[]; action: number }[];
  idbAction: number;
  shapeError: { name: string; code: string; isShapeError: boolean } | null;
  cpuBackend: string;
  cpuHeads: number[][];
  actMs: { p50: number; p95: number; n: number };
}

const CASE: PolicyCase = {
  title: 'catch from pixels',
  spec: specOf({
    name: 'DQN',
    algorithm: { name: 'DQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.9, training_frequency: 4, training_iter: 1, training_batch_iter: 1, training_start_step: 32 },
    memory: { name: 'Replay', batch_size: 16, max_size: 1000 },
    net: { type: 'ConvNet', conv_hid_layers: [[8, 8, 4, 0, 1], [8, 4, 2, 0, 1]], fc_hid_layers: [32], hid_layers_activation: 'relu', normalize: true, loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 } },
  }),
  obsShape: [84, 84, 4],
  obsDtype: 'uint8',
  frameStack: 4,
  actionSpace: { type: 'discrete', n: 3 },
};

test('a bot loaded over HTTP plays a Phaser 4 WEBGL scene greedily on wasm, as the trained algorithm would', { timeout: 600_000 }, async () => {
  await selectBackend({ gpu: 'cpu' });
  const { algorithm } = algorithmFor(CASE, 21);
  try {
    scramble(algorithm, 4);
    mkdirSync(PAGES, { recursive: true });
    writeFileSync(join(PAGES, 'play_bot.ppol'), await policyFile(CASE, algorithm, ['left', 'right', 'stay']));
    const page = await build({
      entryPoints: [join(ROOT, 'test/browser/play_bot.page.ts')],
      metafile: true,
      outfile: join(PAGES, 'play_bot.forward.page.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      plugins: [forwardOnlyEsbuild(ROOT), inlineAssetsEsbuild({ worker: false })],
      logLevel: 'error',
    });
    // The page runs the inference-only graph: no gradient of tfjs or of the SDK, no training kernel.
    const inputs = Object.keys(page.metafile.inputs);
    assert.ok(inputs.some((p) => p.endsWith('src/play/forward/tf.ts')));
    assert.deepEqual(inputs.filter((p) => /register_all_gradients|src\/backend\/(tf|tf_core|register_gradients|conv2d_grad|wasm_kernels|wasm_adam_kernel)\.ts|src\/(train|memory|worker)\//.test(p)), []);
    const { server, origin } = await startServer();
    const browser = await launchBrowser();
    let r: PageResult;
    try {
      const { result, console: lines } = await runPage(browser, origin, 'browser/play_bot.forward.page.js', 540_000);
      r = result as PageResult;
      assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    } finally {
      await browser.close();
      server.close();
    }
    assert.deepEqual(r.errors, []);
    assert.equal(r.backend, 'wasm');

    // Playing: a decision every 2 frames (and at each episode's first frame), each answered.
    assert.equal(r.counters.frames, 300);
    assert.ok(r.counters.decisions >= 140 && r.counters.answers === r.counters.decisions, JSON.stringify(r.counters));
    // act on every frame, the last action repeated at an episode's end (answers are awaited frame by frame here).
    assert.equal(r.acts, r.counters.frames, `act calls ${r.acts} for ${r.counters.frames} frames`);
    assert.deepEqual([r.counters.late, r.counters.dropped], [0, 0]);
    assert.equal(r.actsAfterDetach, 0);
    assert.ok(r.counters.episodes >= 4 && r.counters.episodes === r.episodes.length, `episodes ${r.episodes}`);
    assert.ok(r.brightest > 100, `brightest observed pixel ${r.brightest}: the canvas was captured`);

    // Every sampled decision is the algorithm's greedy action on the same observation (Q-values
    // from wasm in the page vs cpu here agree to float rounding).
    assert.ok(r.samples.length >= 8, `${r.samples.length} samples`);
    const net = algorithm.nets.get('net')!;
    for (const [i, s] of r.samples.entries()) {
      const obs = Uint8Array.from(s.obs);
      const want = (await algorithm.act(obs, { explore: false }))[0]!;
      const q = tf.tidy(() => net.forward(observationTensor(obs, CASE.obsShape))[0]!);
      const values = Array.from(await q.data());
      q.dispose();
      values.forEach((v, j) => assert.ok(Math.abs(v - s.heads[j]!) <= 1e-4 + 1e-4 * Math.abs(v), `sample ${i} Q[${j}]: page ${s.heads[j]} vs ${v}`));
      const sorted = [...values].sort((a, b) => b - a);
      if (sorted[0]! - sorted[1]! > 1e-3) assert.equal(s.action, want, `sample ${i}`);
    }
    assert.equal(r.idbAction, r.samples[0]!.action, 'the same policy through IndexedDB acts the same');
    assert.equal(r.cpuBackend, 'cpu');
    assert.equal(r.cpuHeads.length, 3);
    r.cpuHeads.forEach((h, i) => h.forEach((v, j) => assert.ok(Math.abs(v - r.samples[i]!.heads[j]!) <= 1e-4 + 1e-4 * Math.abs(v), `cpu vs wasm in the page, sample ${i} Q[${j}]`)));

    // Memory and listeners.
    assert.deepEqual(r.tensorsDuring, [r.loadedTensors, r.loadedTensors], 'tensors flat while playing');
    assert.equal(r.afterDispose, r.startTensors);
    assert.equal(r.attachedListeners, r.before.postrender + 1);
    assert.deepEqual(r.after, r.before);
    assert.deepEqual(r.shapeError, { name: 'ShapeError', code: 'SHAPE_MISMATCH', isShapeError: true });

    console.log(`browser bot on ${r.backend}: loadBot ${r.loadMs.toFixed(0)} ms; ${r.counters.decisions} decisions, ${r.counters.episodes} episodes (${r.catches} catches, ${r.misses} misses); ` +
      `bot.act (84x84x4 ConvNet) p50 ${r.actMs.p50.toFixed(2)} ms p95 ${r.actMs.p95.toFixed(2)} ms over ${r.actMs.n}`);
  } finally {
    algorithm.dispose();
  }
});
