// Compiles only if a plain-object training entry can be typed with TrainingModule (checked by `npm test`).
import type { TrainingModule } from './training_entry';

class Scene {
  action = 0;
}

const entry: TrainingModule['default'] = {
  game: { width: 100, height: 100 },
  scene: Scene,
  actions: ['left', 'right'],
  observation: { width: 10, height: 10, grayscale: true },
  attach: (scene: Scene) => ({ act: (a: number) => (scene.action = a), reward: () => 0, done: () => false, decisionPeriod: 4 }),
  // Random starts: the entry's own start randomisation, its no-op action and its no-op maximum.
  reset: (scene: Scene, rng) => {
    scene.action = rng.int(2);
  },
  noop: 'left',
  noopMax: 10,
  // Restart the scene after a cut (the default) and after an episode the game ended.
  onCut: 'restart',
  onDone: 'restart',
};
export default entry;
