/**
 * Runs in headless Chromium: the block-catch Phaser 4 game at the browser's pace (a frame per
 * animation frame), a PPO pixel agent attached in 'train' mode with real module workers, twice:
 * with `overlap: false` (the agent's worker acts and trains, so decisions wait out each round) and
 * with `overlap: true` (a second worker acts while the first trains). For each: the frames
 * decisions waited once training had begun (after the first round), the longest wait, rounds,
 * decisions, and which worker acted. The Node side (agent_overlap.test.ts) asserts on the result.
 */
import { createAgent } from '../../src/agent/create_agent';
import type { AgentWarning } from '../../src/attach/warnings';
import { makeBlockCatchGame, type BlockCatchGame } from './block_catch_game';

const DT = 1000 / 60;
const FRAMES = 720;
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./agent_overlap.worker.js', import.meta.url);

/** PPO on 40x40 gray pixels, 2 frames: a round every 48 decisions, 4 epochs of minibatches of 16 (tens of ms each on wasm). */
const SPEC = {
  agent: {
    name: 'PPO',
    algorithm: {
      name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 48, minibatch_size: 16, training_epoch: 4,
      clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, entropy_coef_spec: { name: 'no_decay', start_val: 0.01 }, val_loss_coef: 0.5,
    },
    memory: { name: 'OnPolicyBatchReplay' },
    net: {
      type: 'ConvNet', conv_hid_layers: [[16, 4, 2, 0, 1], [16, 3, 1, 0, 1]], fc_hid_layers: [64], shared: true,
      hid_layers_activation: 'relu', normalize: true, loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.001 },
    },
  },
  env: { name: 'game', num_envs: 1, frame_op: 'concat', frame_op_len: 2 },
  meta: { random_seed: 3 },
};

export interface OverlapRun {
  overlap: boolean;
  decisions: number;
  trainRounds: number;
  /** Frames a due decision waited, counted from the frame the first round was reported. */
  waitedAfterFirstRound: number;
  /** The longest single wait (frames) that ended after the first round. */
  longestWaitAfterFirstRound: number;
  /** Act calls the agent's own (training) worker answered. */
  learnerActs: number;
  learnerSteps: number;
  warnings: string[];
  errors: string[];
}

async function run(g: BlockCatchGame, overlap: boolean): Promise<OverlapRun> {
  const agent = await createAgent(SPEC, { actions: ['left', 'right', 'stay'], observation: { width: 40, height: 40, grayscale: true }, backend: 'wasm', wasmPaths: WASM_PATHS, workerUrl: ENTRY, seed: 5 });
  const errors: string[] = [];
  const warnings: AgentWarning[] = [];
  agent.on('error', (e) => errors.push(e.message));
  agent.on('worker-error', (e) => errors.push(e.message));
  agent.on('warning', (w) => warnings.push(w));
  let rounds = 0;
  let waitedAtFirstRound = -1;
  let longest = 0;
  const attachment = agent.attach(g.scene, {
    act: (a) => {
      const p = g.paddle;
      p.x = Math.min(360, Math.max(40, p.x + (a === 0 ? -10 : a === 1 ? 10 : 0)));
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
    decisionPeriod: 2,
    mode: 'train',
    overlap,
  });
  agent.on('train', () => {
    if (rounds++ === 0) waitedAtFirstRound = attachment.counters.waited;
  });
  agent.on('backpressure', (b) => {
    if (rounds > 0) longest = Math.max(longest, b.frames);
  });
  let time = performance.now();
  for (let i = 0; i < FRAMES; i++) {
    time += DT;
    g.game.step(time, DT);
    await new Promise<void>((r) => requestAnimationFrame(() => r()));
  }
  await attachment.settled();
  const counters = { ...attachment.counters };
  attachment.detach();
  const stats = await agent.stats();
  await agent.dispose();
  return {
    overlap,
    decisions: counters.decisions,
    trainRounds: rounds,
    waitedAfterFirstRound: waitedAtFirstRound < 0 ? 0 : counters.waited - waitedAtFirstRound,
    longestWaitAfterFirstRound: longest,
    learnerActs: stats.acts,
    learnerSteps: stats.steps,
    warnings: warnings.map((w) => `${w.code}: ${w.message}`),
    errors,
  };
}

async function main(): Promise<unknown> {
  const g = await makeBlockCatchGame();
  g.game.loop.sleep();
  const runs = [await run(g, false), await run(g, true)];
  g.game.destroy(true);
  return { runs };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
