/**
 * Phaser lifts every key of a scene by itself (KeyboardPlugin.resetKeys: no 'keyup', `isDown`
 * false) when the scene pauses or sleeps and when the game window loses focus. An agent that
 * repeats an action would otherwise believe it still holds the keys the game dropped. These hooks
 * press them again as soon as it matters: when the scene resumes or wakes, and right after the
 * reset on 'blur' (the keyboard plugin's listener was added before the agent's, so it runs first).
 * Every frame the decision loop also plays the action in force, which re-presses them too.
 */
import type { KeyActuator } from './key_actuator';
import type { Listener, SceneLike } from './scene_hooks';

/** Phaser's `Phaser.Scenes.Events.RESUME` / `WAKE` and `Phaser.Core.Events.BLUR`. */
export const SCENE_RESUME = 'resume';
export const SCENE_WAKE = 'wake';
export const GAME_BLUR = 'blur';

/** Re-presses the held keys of `actuators` after Phaser resets them; returns a function removing the listeners. */
export function hookKeyResets(scene: SceneLike, actuators: readonly KeyActuator[]): () => void {
  const reassert: Listener = () => {
    for (const a of actuators) a.reassert();
  };
  scene.events.on(SCENE_RESUME, reassert);
  scene.events.on(SCENE_WAKE, reassert);
  scene.game.events.on(GAME_BLUR, reassert);
  return () => {
    scene.events.off(SCENE_RESUME, reassert);
    scene.events.off(SCENE_WAKE, reassert);
    scene.game.events.off(GAME_BLUR, reassert);
  };
}
