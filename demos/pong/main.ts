/**
 * The pong demo page: the PongScene on a 300x330 WebGL canvas, a PPO agent with AMAGO's
 * NatureishCNN encoder (demos/specs/pong_ppo_natureish.json) attached to it that learns from the
 * field shrunk to 48x48 gray pixels (two frames stacked), and the dashboard. The mode switch lets
 * the agent play greedily (no exploration, no learning) to see what it has learnt (see
 * ../shared/demo_page.ts for what every demo page does).
 */
import { runDemoPage } from '../shared/demo_page';
import { attachPong, PONG_SPEC_FILE, pongObservation } from './pong_agent';
import { PONG_ACTIONS, PongScene } from './pong_scene';
import training from './training';

// Serves differ from one visit to the next; the agent's initial weights do not (the spec's seed).
const scene = new PongScene({ seed: Date.now() % 2 ** 31 });

runDemoPage({
  scene,
  width: scene.canvasWidth,
  height: scene.canvasHeight,
  specFile: PONG_SPEC_FILE,
  actions: PONG_ACTIONS,
  observation: pongObservation(scene),
  attach: (agent, mode) => attachPong(agent, scene, mode),
  // +1 a return, -1 the miss that ends the episode (none when maxStep cuts a rally short): the
  // returns, read from the episode alone so that fast-trained copies are scored the same way.
  score: (e) => (e.truncated ? e.return : e.return + 1),
  training,
  fastSteps: 100_000,
  title: 'Pong — PPO with NatureishCNN',
  scoreLabel: 'returns per ball',
  storageKey: 'indexeddb://demo-pong',
});
