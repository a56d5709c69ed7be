/**
 * Runs in headless Chromium: the breakout port (Phaser's own example game, test/games/breakout,
 * arcade physics) running at real time on Phaser's own loop, with a PPO pixel agent attached in
 * 'train' mode through the training entry's own attach options (its act, reward, done, a decision
 * every 4 frames) and real module workers, twice: with `overlap: false` (the agent's worker acts
 * and trains, so decisions wait out each round) and with `overlap: true` (a second worker acts
 * while the first trains). For each: the frames decisions waited once training had begun (after
 * the first round), the longest wait, rounds, decisions, and which worker acted. The Node side
 * (agent_overlap.test.ts) asserts on the result.
 */
import * as Phaser from 'phaser';
import { createAgent } from '../../src/agent/create_agent';
import type { AgentWarning } from '../../src/attach/warnings';
import breakout from '../games/breakout/training';
import type { BreakoutScene } from '../games/breakout/breakout_scene';

const SECONDS = 14;
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./agent_overlap.worker.js', import.meta.url);

/** PPO on the entry's 80x60 gray pixels, 2 frames: a round every 32 decisions (about 2 s of play), 4 epochs of minibatches of 16. */
const SPEC = {
  agent: {
    name: 'PPO',
    algorithm: {
      name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 32, minibatch_size: 16, training_epoch: 4,
      clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, entropy_coef_spec: { name: 'no_decay', start_val: 0.01 }, val_loss_coef: 0.5,
    },
    memory: { name: 'OnPolicyBatchReplay' },
    net: {
      type: 'ConvNet', conv_hid_layers: [[16, 8, 4, 0, 1], [32, 4, 2, 0, 1]], fc_hid_layers: [64], shared: true,
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
  /** Balls lost (the game's episodes) and bricks broken (its reward) while the agent played. */
  episodes: number;
  bricks: number;
  warnings: string[];
  errors: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function run(scene: BreakoutScene, overlap: boolean): Promise<OverlapRun> {
  const agent = await createAgent(SPEC, { actions: [...breakout.actions], observation: breakout.observation, backend: 'wasm', wasmPaths: WASM_PATHS, workerUrl: ENTRY, seed: 5 });
  const errors: string[] = [];
  const warnings: AgentWarning[] = [];
  let rounds = 0;
  let waitedAtFirstRound = -1;
  let longest = 0;
  let episodes = 0;
  let bricks = 0;
  agent.on('error', (e) => errors.push(e.message));
  agent.on('worker-error', (e) => errors.push(e.message));
  agent.on('warning', (w) => warnings.push(w));
  agent.on('episode', (e) => {
    episodes++;
    bricks += e.return;
  });
  // The training entry's own options for its scene, as `train --game` takes them.
  const attachment = agent.attach(scene, { ...breakout.attach(scene, 0), mode: 'train', overlap });
  agent.on('train', () => {
    if (rounds++ === 0) waitedAtFirstRound = attachment.counters.waited;
  });
  agent.on('backpressure', (b) => {
    if (rounds > 0) longest = Math.max(longest, b.frames);
  });
  await sleep(SECONDS * 1000);
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
    episodes,
    bricks,
    warnings: warnings.map((w) => `${w.code}: ${w.message}`),
    errors,
  };
}

async function main(): Promise<unknown> {
  const scene = new breakout.scene();
  const game = new Phaser.Game({ ...breakout.game, banner: false, audio: { noAudio: true }, scene });
  while (!scene.sys?.isActive()) await sleep(2);
  const runs = [await run(scene, false), await run(scene, true)];
  game.destroy(true);
  return { runs };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
