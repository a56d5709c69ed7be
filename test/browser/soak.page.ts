/**
 * Soak run, in headless Chromium: the catch demo's own scene and agent spec
 * (demos/specs/dqn_catch_pixels.json, 10x10 gray pixels read from the canvas), training on wasm
 * at top speed (the game stepped by hand, waiting for the worker between frames) for `?ms=N`
 * milliseconds. It publishes its progress in `window.__soak` (frames, agent steps, training
 * rounds, the worker's live tensors, read between training episodes) for the Node side
 * (soak_run.ts), which reads the JS heap over CDP. The scene uses Phaser's CANVAS renderer unless
 * `?renderer=webgl` (a WebGL frame costs 15-20 ms on this software-rendered machine).
 */
import * as Phaser from 'phaser';
import type { Attachment } from '../../src/agent/agent';
import { createAgent } from '../../src/agent/create_agent';
import { fetchSpec, startGame } from '../../demos/shared/bootstrap';
import { GameStepper } from '../../demos/shared/game_stepper';
import { CATCH_ACTIONS, CatchScene } from '../../demos/catch/catch_scene';
import { watchAgent } from './agent_watch';

const QUERY = new URLSearchParams(location.search);
const RUN_MS = Number(QUERY.get('ms') ?? 120_000);
const RENDERER = QUERY.get('renderer') === 'webgl' ? Phaser.WEBGL : Phaser.CANVAS;

/** What the Node side reads while the run goes on. */
export interface SoakProgress {
  phase: 'starting' | 'training' | 'done';
  elapsedMs: number;
  frames: number;
  steps: number;
  trainRounds: number;
  episodes: number;
  /** The worker's tf.memory().numTensors, read between episodes: [elapsed ms, tensors, training rounds so far]. */
  tensors: [number, number, number][];
  errors: string[];
  backend: string;
}

async function main(): Promise<unknown> {
  const progress: SoakProgress = { phase: 'starting', elapsedMs: 0, frames: 0, steps: 0, trainRounds: 0, episodes: 0, tensors: [], errors: [], backend: '' };
  (window as unknown as { __soak: SoakProgress }).__soak = progress;
  const scene = new CatchScene({ seed: 11 });
  const game = await startGame({ parent: document.body, width: scene.pixels, height: scene.pixels, scene, type: RENDERER });
  const agent = await createAgent(await fetchSpec('dqn_catch_pixels.json'), {
    actions: CATCH_ACTIONS,
    observation: { width: scene.size, height: scene.size, grayscale: true },
    backend: 'wasm', // the SDK's own worker and wasm binary, as a game gets them
  });
  progress.backend = agent.backend;
  const watch = watchAgent(agent);
  let attachment: Attachment | null = null;
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());
  stepper.pause();
  attachment = agent.attach(scene, { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow, mode: 'train' });
  let episodeEnded = false;
  agent.on('episode', () => {
    progress.episodes++;
    episodeEnded = true;
  });
  progress.phase = 'training';
  const t0 = performance.now();
  while (performance.now() - t0 < RUN_MS && watch.errors.length === 0) {
    await stepper.run(1);
    if (episodeEnded) {
      episodeEnded = false;
      // Between episodes, at most once a second: the worker's live tensors.
      const last = progress.tensors.at(-1);
      const now = performance.now() - t0;
      if (last === undefined || now - last[0] >= 1000) progress.tensors.push([now, (await agent.stats()).numTensors, watch.trainRounds]);
    }
    progress.elapsedMs = performance.now() - t0;
    progress.frames = stepper.frames;
    progress.steps = attachment.counters.observed;
    progress.trainRounds = watch.trainRounds;
  }
  const a = attachment;
  await a.settled();
  progress.tensors.push([performance.now() - t0, (await agent.stats()).numTensors, watch.trainRounds]);
  progress.errors = [...watch.errors];
  a.detach();
  await agent.dispose();
  game.destroy(true);
  progress.phase = 'done';
  return progress;
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
