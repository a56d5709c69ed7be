/**
 * Runs in headless Chromium: the pong demo's own scene (demos/pong/pong_scene.ts) on its WebGL
 * canvas, with the demo's agent (demos/specs/pong_ppo_natureish.json, PPO + AMAGO NatureishCNN)
 * attached as the demo attaches it (demos/pong/pong_agent.ts), on wasm, seeing the field shrunk to
 * 48x48 gray, two frames stacked. The game is stepped by hand (GameStepper: loop asleep, game.step,
 * wait for the worker after each frame). It plays greedily first (the untrained baseline), then
 * trains up to a step and time budget, reading the worker's live tensor count every TRAIN_STEPS
 * decisions, then plays greedily again. Pong needs far more steps than this
 * test can afford to learn (see demo_games.test.ts), so the page reports the scores and asserts
 * nothing about them; the Node side asserts the mechanics.
 */
import type { Attachment } from '../../src/agent/agent';
import type { AgentMode } from '../../src/attach/attach_options';
import { createAgent } from '../../src/agent/create_agent';
import { fetchSpec, startGame } from '../../demos/shared/bootstrap';
import { GameStepper } from '../../demos/shared/game_stepper';
import { attachPong, PONG_SPEC_FILE, pongObservation } from '../../demos/pong/pong_agent';
import { PONG_ACTIONS, PongScene } from '../../demos/pong/pong_scene';
import { watchAgent } from './agent_watch';
import type { PongResult } from './demo_results';

/** Decisions per training chunk (two PPO rounds of time_horizon 256). */
const TRAIN_STEPS = 512;
/** Budgets (the Node side allows ~3 minutes for the whole test). */
const MAX_TRAIN_STEPS = 4096;
const MAX_TRAIN_MS = 90_000;
/** Greedy evaluation length, in decisions (episodes end at a miss or at PONG_MAX_STEP). */
const EVAL_STEPS = 1000;

async function main(): Promise<PongResult> {
  const scene = new PongScene({ seed: 3 });
  const game = await startGame({ parent: document.body, width: scene.canvasWidth, height: scene.canvasHeight, scene });
  const spec = await fetchSpec(PONG_SPEC_FILE);
  let attachment: Attachment | null = null;
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());
  stepper.pause();

  const agent = await createAgent(spec, {
    actions: PONG_ACTIONS,
    observation: pongObservation(scene),
    backend: 'wasm',
  });
  const actionsSeen = new Set<number>();
  const watch = watchAgent(agent, (s) => actionsSeen.add(s.actions[0]!));
  const errors = watch.errors;
  const forward = agent.trainer.observe.bind(agent.trainer);
  // Where the time goes: wall time of the worker's act and observe (training rounds run inside observe) calls.
  const worker = { actCalls: 0, actMs: 0, observeCalls: 0, observeMs: 0 };
  agent.trainer.observe = (s, frame) => {
    const t = performance.now();
    return forward(s, frame).finally(() => {
      worker.observeCalls++;
      worker.observeMs += performance.now() - t;
    });
  };
  const forwardAct = agent.trainer.act.bind(agent.trainer);
  agent.trainer.act = (obs, masks, options) => {
    const t = performance.now();
    return forwardAct(obs, masks, options).finally(() => {
      worker.actCalls++;
      worker.actMs += performance.now() - t;
    });
  };

  /** Plays `steps` decisions in `mode` from a fresh episode; returns finished balls, their returns, and the counters. */
  const play = async (mode: AgentMode, steps: number): Promise<{ balls: number; hits: number; steps: number; observed: number; frames: number; episodes: number }> => {
    scene.resetTally();
    attachment = attachPong(agent, scene, mode);
    const a = attachment;
    await stepper.runUntil(() => a.counters.decisions >= steps);
    await a.settled();
    const { decisions, observed, frames, dropped, late, episodes } = a.counters;
    a.detach();
    attachment = null;
    if (dropped > 0 || late > 0) errors.push(`${mode}: ${dropped} dropped and ${late} late decisions while stepping by hand`);
    return { balls: scene.tally.episodes, hits: scene.tally.hits, steps: decisions, observed, frames, episodes };
  };

  const t0 = performance.now();
  const before = await play('inference', EVAL_STEPS);
  // One attachment for all of training (each detach would cut an episode short);
  // between chunks the game waits while the worker's tensor count is read.
  const tensors: { trainRounds: number; numTensors: number }[] = [];
  scene.resetTally();
  attachment = attachPong(agent, scene, 'train');
  const training = attachment;
  const t1 = performance.now();
  let chunks = 0;
  while (training.counters.decisions < MAX_TRAIN_STEPS && performance.now() - t1 < MAX_TRAIN_MS && errors.length === 0) {
    chunks++;
    await stepper.runUntil(() => training.counters.decisions >= chunks * TRAIN_STEPS);
    await training.settled();
    tensors.push({ trainRounds: watch.trainRounds, numTensors: (await agent.stats()).numTensors });
  }
  const trainBalls = scene.tally.episodes;
  const trainHits = scene.tally.hits;
  // Detaching ends the open episode (its last step reaches the worker as truncated): count after it.
  training.detach();
  await training.settled();
  attachment = null;
  const { decisions: trainSteps, observed: trainObserved, frames: trainFrames, episodes: trainEpisodes, dropped, late } = training.counters;
  if (dropped > 0 || late > 0) errors.push(`train: ${dropped} dropped and ${late} late decisions while stepping by hand`);
  const trainMs = performance.now() - t1;
  const after = await play('inference', EVAL_STEPS);
  const totalMs = performance.now() - t0;
  const stats = await agent.stats();
  const backend = agent.backend;
  const observation = agent.observation;
  await agent.dispose();
  game.destroy(true);
  return {
    backend, observation, errors, brightest: watch.brightest, actionsSeen: [...actionsSeen].sort(), trainRounds: watch.trainRounds, statsSteps: stats.steps, statsTrainRounds: stats.trainRounds,
    before, after, trainSteps, trainObserved, trainFrames, trainBalls, trainHits, trainEpisodes, trainMs, totalMs, tensors, worker, params: agent.params,
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
