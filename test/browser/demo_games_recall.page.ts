/**
 * Runs in headless Chromium: the recall demo's own scene (demos/recall/recall_scene.ts) on its
 * WebGL canvas, with the demo's agent (demos/specs/recall_ppo_gru.json, PPO + GRU RecurrentNet)
 * attached as the demo attaches it (demos/recall/recall_agent.ts), on wasm, seeing the field
 * shrunk to 16x16 gray, one frame per step. The game is stepped by hand (GameStepper: loop asleep,
 * game.step, wait for the worker after each frame). It plays greedily first (the untrained
 * baseline), then trains in rounds of TRAIN_EPISODES episodes, reading the worker's live tensor
 * count after each; after each round a short greedy check, and if that passes a full greedy
 * evaluation. It stops at the first full evaluation at >= TARGET right choices, or at the step or
 * time budget. The Node side (demo_games.test.ts) asserts.
 */
import type { Attachment } from '../../src/agent/agent';
import type { AgentMode } from '../../src/attach/attach_options';
import { createAgent } from '../../src/agent/create_agent';
import { fetchSpec, startGame } from '../../demos/shared/bootstrap';
import { GameStepper } from '../../demos/shared/game_stepper';
import { attachMemory, MEMORY_SPEC_FILE, recallObservation } from '../../demos/recall/recall_agent';
import { MEMORY_ACTIONS, RecallScene } from '../../demos/recall/recall_scene';
import { watchAgent } from './agent_watch';
import type { RecallResult } from './demo_results';

const TARGET = 0.9;
const TRAIN_EPISODES = 100;
const CHECK_EPISODES = 40;
const EVAL_EPISODES = 200;
const BASELINE_EPISODES = 100;
/** Budgets: training steps and wall time (the Node side allows ~3 minutes for the whole test). */
const MAX_TRAIN_STEPS = 9000;
const MAX_MS = 130_000;

/** One greedy evaluation after some training. */
interface Evaluation {
  trainSteps: number;
  episodes: number;
  accuracy: number;
  full: boolean;
}

async function main(): Promise<RecallResult> {
  // Two frames per rule step instead of the page's ten (which let people follow it in real time):
  // the agent decides once per step either way, and the test spends fewer frames drawing.
  const scene = new RecallScene({ seed: 3, framesPerStep: 2 });
  const game = await startGame({ parent: document.body, width: scene.canvasWidth, height: scene.canvasHeight, scene });
  const spec = await fetchSpec(MEMORY_SPEC_FILE);
  let attachment: Attachment | null = null;
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());
  stepper.pause();

  const agent = await createAgent(spec, {
    actions: MEMORY_ACTIONS,
    observation: recallObservation(scene),
    backend: 'wasm',
  });
  // How many distinct first observations the trainer was sent (the two cues must look different).
  const firstObs = new Set<string>();
  const watch = watchAgent(agent, (s) => {
    if (firstObs.size < 8 && scene.rules.t === 1) firstObs.add(Array.from(s.observations).join(','));
  });
  const errors = watch.errors;

  /** Plays `episodes` episodes in `mode` from a fresh episode. */
  const play = async (mode: AgentMode, episodes: number): Promise<{ accuracy: number; steps: number; observed: number; frames: number }> => {
    const r = scene.rules;
    const [e0, c0] = [r.episodes, r.correct];
    attachment = attachMemory(agent, scene, mode);
    const a = attachment;
    await stepper.runUntil(() => r.episodes - e0 >= episodes);
    await a.settled();
    const { decisions, observed, frames, dropped, late } = a.counters;
    a.detach();
    attachment = null;
    if (dropped > 0 || late > 0) errors.push(`${mode}: ${dropped} dropped and ${late} late decisions while stepping by hand`);
    return { accuracy: (r.correct - c0) / (r.episodes - e0), steps: decisions, observed, frames };
  };

  const t0 = performance.now();
  const baseline = await play('inference', BASELINE_EPISODES);
  let trainSteps = 0;
  let trainFrames = 0;
  let trainObserved = 0;
  let trainMs = 0;
  const tensors: { trainRounds: number; numTensors: number }[] = [];
  const evaluations: Evaluation[] = [];
  let reached: Evaluation | null = null;
  while (reached === null && trainSteps < MAX_TRAIN_STEPS && performance.now() - t0 < MAX_MS && errors.length === 0) {
    const t = performance.now();
    const round = await play('train', TRAIN_EPISODES);
    trainMs += performance.now() - t;
    trainSteps += round.steps;
    trainFrames += round.frames;
    trainObserved += round.observed;
    tensors.push({ trainRounds: watch.trainRounds, numTensors: (await agent.stats()).numTensors });
    const check = await play('inference', CHECK_EPISODES);
    evaluations.push({ trainSteps, episodes: CHECK_EPISODES, accuracy: check.accuracy, full: false });
    if (check.accuracy < TARGET) continue;
    const full = await play('inference', EVAL_EPISODES);
    const evaluation = { trainSteps, episodes: EVAL_EPISODES, accuracy: full.accuracy, full: true };
    evaluations.push(evaluation);
    if (full.accuracy >= TARGET) reached = evaluation;
  }
  const totalMs = performance.now() - t0;
  const stats = await agent.stats();
  const backend = agent.backend;
  const observation = agent.observation;
  await agent.dispose();
  game.destroy(true);
  return {
    backend, observation, errors, brightest: watch.brightest, distinctCueObs: firstObs.size, trainRounds: watch.trainRounds, statsSteps: stats.steps, statsTrainRounds: stats.trainRounds,
    baseline: { episodes: BASELINE_EPISODES, accuracy: baseline.accuracy }, trainSteps, trainObserved, trainFrames, trainMs, totalMs, tensors, evaluations, reached,
    params: agent.params,
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
