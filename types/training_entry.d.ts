/**
 * The shape of a training entry, the file `pixelpilot train SPEC --game ./training.js` bundles and
 * `trainGame(entry, spec, options)` takes: its default export says how to train on the game's own
 * Phaser scene, N copies stepped by hand headless (see the README, "Train the real game").
 *
 * In TypeScript:   import { defineTraining } from 'pixelpilot';
 *                  export default defineTraining({ game, scene: MyScene, actions, observation, attach });
 * In JavaScript:   /** @type {import('pixelpilot/types/training_entry').TrainingModule['default']} *\/
 */
import type { TrainingEntry } from 'pixelpilot';

export interface TrainingModule {
  /**
   * game (Phaser config minus scene), scene (the Scene subclass), actions, observation,
   * attach(scene, copy); for random starts, optionally reset(scene, rng), noop and noopMax; for
   * `pixelpilot record --game`, optionally heuristic(scene, player) => action; onCut ('restart',
   * the default: a copy whose episode maxStep cut restarts its scene; or 'continue'); onDone
   * ('continue', the default; or 'restart': a copy whose episode the game ended restarts its scene,
   * for an episode that is one ball or one life of a longer game).
   */
  default: TrainingEntry<any>;
}
