/**
 * The canvas a player's pixels come from: the scene's game canvas, or, for the fast mode's copies
 * of a game (src/game/copies_scene.ts), the canvas of that player's own copy.
 */
import type { CaptureSource } from '../observe/frame_capture';
import type { SceneLike } from '../scene/scene_hooks';

/** `scene.playerCanvases[player]` when the scene has one per player, else `scene.game.canvas`. */
export function playerCanvas(scene: SceneLike, player: number): CaptureSource {
  const many = (scene as { playerCanvases?: readonly CaptureSource[] }).playerCanvases;
  return many?.[player] ?? scene.game.canvas;
}
