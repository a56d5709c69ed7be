/**
 * The numbers and the few Phaser-free rules of Phaser's first-game tutorial, part 10
 * (phaserjs/examples public/src/games/firstgame/part10.js): an 800x600 world with gravity 300
 * px/s², four platforms, 12 stars 70 pixels apart, 10 points a star, a bomb for every cleared batch
 * of stars, dropped on the half of the world the player is not in. Arcade physics does the rest in
 * the scene (firstgame_scene.ts).
 */

export const WIDTH = 800;
export const HEIGHT = 600;
export const GRAVITY_Y = 300;

/** Image sizes of the tutorial's assets, in pixels. */
export const PLATFORM_SIZE = { width: 400, height: 32 } as const;
export const STAR_SIZE = { width: 24, height: 22 } as const;
export const BOMB_SIZE = 14;
export const DUDE_FRAME = { width: 32, height: 48 } as const;
/** The dude spritesheet's frames: 0-3 walking left, 4 facing the player, 5-8 walking right. */
export const DUDE_FRAMES = 9;

/** Platform centres; the ground (the first) is drawn at scale 2 (800x64). */
export const PLATFORMS = [
  { x: 400, y: 568, scale: 2 },
  { x: 600, y: 400, scale: 1 },
  { x: 50, y: 250, scale: 1 },
  { x: 750, y: 220, scale: 1 },
] as const;

export const PLAYER_START = { x: 100, y: 450 } as const;
export const PLAYER_BOUNCE = 0.2;
export const RUN_SPEED = 160;
export const JUMP_SPEED = 330;

/** Stars: 12, from x 12 every 70 pixels, dropped from y 0, each with a bounce in [0.4, 0.8). */
export const STAR_COUNT = 12;
export const STAR_FIRST_X = 12;
export const STAR_STEP_X = 70;
export const STAR_BOUNCE = { min: 0.4, max: 0.8 } as const;
export const POINTS_PER_STAR = 10;

/** A bomb: Bounce 1, dropped from y 16 with a horizontal speed in [-200, 200] and 20 px/s down. */
export const BOMB_DROP_Y = 16;
export const BOMB_SPEED_X = { min: -200, max: 200 } as const;
export const BOMB_SPEED_Y = 20;

/** The x a new bomb drops from: on the other half of the world than the player, from `between(min, max)` (integers, both included). */
export function bombDropX(playerX: number, between: (min: number, max: number) => number): number {
  return playerX < WIDTH / 2 ? between(WIDTH / 2, WIDTH) : between(0, WIDTH / 2);
}

/** The cursor keys each of the agent's actions holds. */
export const FIRSTGAME_ACTIONS = ['none', 'left', 'right', 'up', 'left+up', 'right+up'] as const;
export interface HeldKeys {
  left: boolean;
  right: boolean;
  up: boolean;
}

/** The keys action `a` holds. */
export function keysOfAction(a: number): HeldKeys {
  const name = FIRSTGAME_ACTIONS[a] ?? 'none';
  return { left: name.startsWith('left'), right: name.startsWith('right'), up: name.endsWith('up') };
}
