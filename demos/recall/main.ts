/**
 * The recall demo page: the RecallScene on a 300x330 WebGL canvas, a PPO agent with a GRU
 * RecurrentNet (demos/specs/recall_ppo_gru.json) attached to it that learns from the field shrunk
 * to 16x16 gray pixels, one frame at a time (the GRU must carry the cue), and the dashboard. The
 * mode switch lets the agent play greedily (no exploration, no learning) to see what it has learnt
 * (see ../shared/demo_page.ts for what every demo page does).
 */
import { runDemoPage } from '../shared/demo_page';
import { attachMemory, MEMORY_SPEC_FILE, recallObservation } from './recall_agent';
import { MEMORY_ACTIONS, RecallScene } from './recall_scene';
import training from './training';

// Cues differ from one visit to the next; the agent's initial weights do not (the spec's seed).
const scene = new RecallScene({ seed: Date.now() % 2 ** 31 });

runDemoPage({
  scene,
  width: scene.canvasWidth,
  height: scene.canvasHeight,
  specFile: MEMORY_SPEC_FILE,
  actions: MEMORY_ACTIONS,
  observation: recallObservation(scene),
  attach: (agent, mode) => attachMemory(agent, scene, mode),
  // 1 for the cued side, 0 for the other (the return is +1 or -1).
  score: (e) => (e.return > 0 ? 1 : 0),
  training,
  fastSteps: 4_000,
  title: 'Memory — PPO with a GRU RecurrentNet',
  scoreLabel: 'right choices',
  storageKey: 'indexeddb://demo-recall',
});
