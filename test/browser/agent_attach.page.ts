/**
 * Runs in headless Chromium: a catch-like Phaser 4 WEBGL game (400x400: a falling block, a paddle
 * the agent moves; +1 for a catch, -1 for a miss) stepped by hand (loop asleep, game.step), first
 * without an agent, then with a pixel agent attached in 'train' mode, its Trainer in a real module
 * worker (bundled worker_entry.ts). Reports act and observe counts, how bright the observed frames
 * were, episodes, save/load through IndexedDB, listeners left after detach, and main-thread frame
 * times. The Node side (agent_attach.test.ts) asserts on the result.
 */
import { createAgent } from '../../src/agent/create_agent';
import { FrameCapture } from '../../src/observe/frame_capture';
import type { StepBatch } from '../../src/algorithm/algorithm';
import { BLOCK_GAME_SIZE, makeBlockCatchGame } from './block_catch_game';

const SIZE = BLOCK_GAME_SIZE;
const DT = 1000 / 60;
const BARE_FRAMES = 200;
const AGENT_FRAMES = 400;
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./agent_attach.worker.js', import.meta.url);

const SPEC = {
  catch_pixels: {
    agent: {
      name: 'DQN',
      algorithm: {
        name: 'DQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy',
        explore_var_spec: { name: 'linear_decay', start_val: 1.0, end_val: 0.1, start_step: 0, end_step: 300 },
        gamma: 0.9, training_batch_iter: 1, training_iter: 1, training_frequency: 4, training_start_step: 32,
      },
      memory: { name: 'Replay', batch_size: 16, max_size: 1000 },
      net: {
        type: 'ConvNet', conv_hid_layers: [[8, 8, 4, 0, 1], [8, 4, 2, 0, 1]], fc_hid_layers: [32],
        hid_layers_activation: 'relu', normalize: true,
        loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 },
      },
    },
    env: { name: 'catch_pixels', frame_op: 'concat', frame_op_len: 4 },
    meta: { random_seed: 7 },
  },
};

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Waits for the next animation frame: the game runs at the browser's pace (60 Hz), as a real game does. */
const yieldToWorker = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

async function main(): Promise<unknown> {
  const g = await makeBlockCatchGame();
  g.game.loop.sleep();
  let time = performance.now();
  const step = (): number => {
    time += DT;
    const t0 = performance.now();
    g.game.step(time, DT);
    return performance.now() - t0;
  };

  // Without an agent.
  const bare: number[] = [];
  for (let i = 0; i < BARE_FRAMES; i++) {
    bare.push(step());
    await yieldToWorker();
  }

  const t0 = performance.now();
  const agent = await createAgent(SPEC, { actions: ['left', 'right', 'stay'], backend: 'wasm', wasmPaths: WASM_PATHS, workerUrl: ENTRY, seed: 5 });
  const createMs = performance.now() - t0;

  // See what the worker is sent (and pass it on unchanged).
  let observeCalls = 0;
  let brightestObs = 0;
  let nonBlackSteps = 0;
  const forward = agent.trainer.observe.bind(agent.trainer);
  agent.trainer.observe = (s: StepBatch, frame: number) => {
    observeCalls++;
    let max = 0;
    for (let i = 0; i < s.nextObservations.length; i++) if (s.nextObservations[i]! > max) max = s.nextObservations[i]!;
    brightestObs = Math.max(brightestObs, max);
    if (max > 0) nonBlackSteps++;
    return forward(s, frame);
  };
  let episodes = 0;
  let trainRounds = 0;
  const errors: string[] = [];
  agent.on('episode', (e) => (episodes = e.episode));
  agent.on('train', () => trainRounds++);
  agent.on('error', (e) => errors.push(e.message));
  agent.on('worker-error', (e) => errors.push(e.message));

  const before = {
    postrender: g.game.events.listenerCount('postrender'),
    shutdown: g.scene.events.listenerCount('shutdown'),
    destroy: g.scene.events.listenerCount('destroy'),
  };
  let acts = 0;
  // The frame (of the agent's) in which the first answer was played: before it no action is in force.
  let frame = 0;
  let firstActFrame = -1;
  const actionsSeen = new Set<string>();
  const attachment = agent.attach(g.scene, {
    act: (a, name) => {
      if (acts === 0) firstActFrame = frame;
      acts++;
      actionsSeen.add(name);
      const p = g.paddle;
      p.x = Math.min(SIZE - 40, Math.max(40, p.x + (a === 0 ? -10 : a === 1 ? 10 : 0)));
    },
    reward: () => {
      const r = g.reward;
      g.reward = 0;
      return r;
    },
    done: () => {
      const d = g.done;
      g.done = false;
      return d;
    },
    decisionPeriod: 1,
    mode: 'train',
  });
  const attachedListeners = g.game.events.listenerCount('postrender');
  // The agent's own share of a frame: listeners run in the order they were added.
  let tickStart = 0;
  const agentTick: number[] = [];
  const markStart = (): void => void (tickStart = performance.now());
  const markEnd = (): void => void agentTick.push(performance.now() - tickStart);
  const listeners = g.game.events.listeners('postrender') as ((...a: unknown[]) => void)[];
  g.game.events.off('postrender', listeners.at(-1));
  g.game.events.on('postrender', markStart);
  g.game.events.on('postrender', listeners.at(-1)!);
  g.game.events.on('postrender', markEnd);
  const withAgent: number[] = [];
  for (let i = 0; i < AGENT_FRAMES; i++) {
    frame = i;
    withAgent.push(step());
    await yieldToWorker();
  }
  // The last decision's answer may still be on its way (a loaded machine): let it arrive and be
  // played, so that every decision taken counts one act call; an answer after detach is dropped.
  await attachment.settled();
  // Detaching ends the open episode: its last step is observed (truncated) and counted.
  attachment.detach();
  await attachment.settled();
  const stats = await agent.stats();
  const counters = { ...attachment.counters };
  g.game.events.off('postrender', markStart);
  g.game.events.off('postrender', markEnd);
  const after = {
    postrender: g.game.events.listenerCount('postrender'),
    shutdown: g.scene.events.listenerCount('shutdown'),
    destroy: g.scene.events.listenerCount('destroy'),
  };
  // Frames after detach reach no agent.
  const actsAtDetach = acts;
  for (let i = 0; i < 10; i++) step();
  // For comparison: capture alone (84x84 gray from the 400x400 WEBGL canvas) in 'postrender'.
  const capture = new FrameCapture(g.game.canvas);
  const captureMs: number[] = [];
  const timeCapture = (): void => {
    const t = performance.now();
    capture.capture();
    captureMs.push(performance.now() - t);
  };
  g.game.events.on('postrender', timeCapture);
  for (let i = 0; i < 100; i++) {
    step();
    await yieldToWorker();
  }
  g.game.events.off('postrender', timeCapture);

  const saved = await agent.save('indexeddb://test-agent');
  let loadError: string | null = null;
  try {
    await agent.load('indexeddb://test-agent');
  } catch (e) {
    loadError = String(e);
  }
  const backend = agent.backend;
  await agent.dispose();
  g.game.destroy(true);
  return {
    backend, createMs, observeCalls, brightestObs, nonBlackSteps, episodes, trainRounds, errors, acts, firstActFrame, actsAfterDetach: acts - actsAtDetach,
    actionsSeen: [...actionsSeen], counters, stats: { acts: stats.acts, steps: stats.steps, trainRounds: stats.trainRounds },
    catches: g.catches, misses: g.misses, before, after, attachedListeners,
    saved: { url: saved.url, weightBytes: saved.weightBytes }, loadError, params: agent.params,
    frameMs: {
      bare: { p50: percentile(bare, 0.5), p95: percentile(bare, 0.95) },
      agent: { p50: percentile(withAgent, 0.5), p95: percentile(withAgent, 0.95) },
      capture: { p50: percentile(captureMs, 0.5), p95: percentile(captureMs, 0.95) },
      agentTick: { p50: percentile(agentTick, 0.5), p95: percentile(agentTick, 0.95) },
    },
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
