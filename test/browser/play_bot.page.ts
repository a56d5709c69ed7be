/**
 * Runs in headless Chromium: a catch-like Phaser 4 WEBGL game (400x400: a falling block, a
 * paddle the bot moves) stepped by hand, played by a Bot loaded from a policy file over HTTP
 * (and again from IndexedDB) on wasm, on the main thread. play_bot.test.ts builds this page with
 * the inference-only stand-ins of dist/play.js (no gradients, no training kernels) and checks the
 * decisions it reports against the training-side algorithm in Node.
 */
import { tf } from '../../src/backend/tf';
import { loadBot, ShapeError } from '../../src/play/index';
import { savePolicy } from '../../src/store/policy_store';
import { decodePolicyFile } from '../../src/store/policy_file';
import { BLOCK_GAME_SIZE, makeBlockCatchGame } from './block_catch_game';

const SIZE = BLOCK_GAME_SIZE;
const DT = 1000 / 60;
const FRAMES = 300;
const SAMPLE_EVERY = 15;
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const POLICY_URL = '/build/test/pages/browser/play_bot.ppol';

const percentile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main(): Promise<unknown> {
  const g = await makeBlockCatchGame();
  g.game.loop.sleep();
  let time = performance.now();
  const step = (): void => {
    time += DT;
    g.game.step(time, DT);
  };

  const startTensors = tf.memory().numTensors;
  const t0 = performance.now();
  const bot = await loadBot(POLICY_URL, { backend: 'wasm', wasmPaths: WASM_PATHS, actions: ['left', 'right', 'stay'], observation: { width: 84, height: 84, frameStack: 4 } });
  const loadMs = performance.now() - t0;
  const loadedTensors = tf.memory().numTensors;

  // Record some decisions (observation, heads, action) for the Node side to check.
  const samples: { obs: number[]; heads: number[]; action: number }[] = [];
  const actMs: number[] = [];
  // An attached bot decides for its players (one here) with decidePlayers.
  const decide = bot.decidePlayers.bind(bot);
  let decisions = 0;
  let brightest = 0;
  bot.decidePlayers = async (obs, players, window, mask) => {
    const s = performance.now();
    const d = await decide(obs, players, window, mask);
    actMs.push(performance.now() - s);
    const pixels = obs as Uint8Array;
    for (let i = 0; i < pixels.length; i++) if (pixels[i]! > brightest) brightest = pixels[i]!;
    if (decisions++ % SAMPLE_EVERY === 0) samples.push({ obs: Array.from(pixels), heads: Array.from(d.heads[0]!), action: d.actions[0]! });
    return d;
  };

  const before = { postrender: g.game.events.listenerCount('postrender'), shutdown: g.scene.events.listenerCount('shutdown') };
  let acts = 0;
  const actionsSeen = new Set<string>();
  const episodes: number[] = [];
  const errors: string[] = [];
  const attachment = bot.attach(g.scene, {
    act: (a, name) => {
      acts++;
      actionsSeen.add(name);
      const p = g.paddle;
      p.x = Math.min(SIZE - 40, Math.max(40, p.x + (a === 0 ? -10 : a === 1 ? 10 : 0)));
    },
    done: () => {
      const d = g.done;
      g.done = false;
      return d;
    },
    decisionPeriod: 2,
    onEpisode: (e) => episodes.push(e.steps),
    onError: (e) => errors.push(`${e.name}: ${e.message}`),
  });
  const attachedListeners = g.game.events.listenerCount('postrender');
  const tensorsDuring: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    step();
    await attachment.settled();
    tensorsDuring.push(tf.memory().numTensors);
  }
  // Detaching ends the open episode (reported as truncated), so count after it.
  attachment.detach();
  const counters = { ...attachment.counters };
  const after = { postrender: g.game.events.listenerCount('postrender'), shutdown: g.scene.events.listenerCount('shutdown') };
  const actsAtDetach = acts;
  for (let i = 0; i < 10; i++) step();
  const backend = bot.backend;
  bot.dispose();
  const afterDispose = tf.memory().numTensors;

  // The same file through IndexedDB, and a policy that does not fit the game.
  const bytes = new Uint8Array(await (await fetch(POLICY_URL)).arrayBuffer());
  await savePolicy('indexeddb://play-bot', decodePolicyFile(bytes, POLICY_URL));
  const fromIdb = await loadBot('indexeddb://play-bot', { backend: 'wasm', wasmPaths: WASM_PATHS });
  const idbAction = (await fromIdb.act(new Uint8Array(samples[0]!.obs))) as number;
  fromIdb.dispose();
  // The pure-JS cpu backend, through the same forward-only graph.
  const onCpu = await loadBot(bytes, { backend: 'cpu' });
  const cpuHeads: number[][] = [];
  for (const sample of samples.slice(0, 3)) cpuHeads.push(Array.from((await onCpu.decide(new Uint8Array(sample.obs))).heads[0]!));
  const cpuBackend = onCpu.backend;
  onCpu.dispose();
  let shapeError: { name: string; code: string; isShapeError: boolean } | null = null;
  try {
    (await loadBot(bytes, { backend: 'wasm', wasmPaths: WASM_PATHS, actions: ['left', 'right'] })).dispose();
  } catch (e) {
    shapeError = { name: (e as Error).name, code: (e as ShapeError).code, isShapeError: e instanceof ShapeError };
  }
  g.game.destroy(true);
  return {
    backend, loadMs, startTensors, loadedTensors, afterDispose, tensorsDuring: [Math.min(...tensorsDuring), Math.max(...tensorsDuring)],
    counters, acts, actsAfterDetach: acts - actsAtDetach, actionsSeen: [...actionsSeen], episodes, errors, brightest,
    catches: g.catches, misses: g.misses, before, after, attachedListeners, samples, idbAction, shapeError, cpuBackend, cpuHeads,
    actMs: { p50: percentile(actMs, 0.5), p95: percentile(actMs, 0.95), n: actMs.length },
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
