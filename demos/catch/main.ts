/**
 * The catch demo page: the CatchScene on a 400x400 WebGL canvas, a DoubleDQN ConvNet agent
 * (demos/specs/dqn_catch_pixels.json) attached to it that learns from the canvas shrunk to 10x10
 * gray pixels, and the dashboard (see ../shared/demo_page.ts for what every demo page does).
 */
import { runDemoPage } from '../shared/demo_page';
import { CATCH_ACTIONS, CatchScene } from './catch_scene';
import training from './training';

// The fruit falls a row every 5 frames (12 decisions a second in real time): see CatchScene's defaults.
// The fruit's columns differ from one visit to the next; the agent's initial weights do not (the spec's seed).
const scene = new CatchScene({ seed: Date.now() % 2 ** 31 });

runDemoPage({
  scene,
  width: scene.pixels,
  height: scene.pixels,
  specFile: 'dqn_catch_pixels.json',
  actions: CATCH_ACTIONS,
  observation: { width: scene.size, height: scene.size, grayscale: true },
  attach: (agent, mode) => {
    scene.restartEpisode();
    return agent.attach(scene, { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow, mode });
  },
  score: (e) => (e.return > 0 ? 1 : 0),
  training,
  // 8 copies reach 90% greedy catches after about 10,000 steps (test/browser/train_game.test.ts).
  fastSteps: 12_000,
  title: 'Catch — DoubleDQN ConvNet',
  scoreLabel: 'catches per episode',
  storageKey: 'indexeddb://demo-catch',
  // Teach it: the visitor's arrow keys, read as the agent's actions (no key: 'stay'), drive the basket through act.
  teach: {
    record: (agent) => {
      scene.input.keyboard?.addCapture('LEFT,RIGHT'); // the arrows move the basket, not the page
      scene.restartEpisode();
      return agent.record(scene, { keys: { left: 'LEFT', right: 'RIGHT' }, act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow });
    },
    hint: 'move the basket with ← and →',
    seconds: 60,
  },
});
