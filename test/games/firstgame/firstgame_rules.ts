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

/** A platform's top edge and x extent (world pixels). */
interface Ledge {
  top: number;
  left: number;
  right: number;
}

/** The platforms as ledges: the ground, then the three ledges, in PLATFORMS' order. */
export const LEDGES: readonly Ledge[] = PLATFORMS.map((p) => ({
  top: p.y - (PLATFORM_SIZE.height * p.scale) / 2,
  left: p.x - (PLATFORM_SIZE.width * p.scale) / 2,
  right: p.x + (PLATFORM_SIZE.width * p.scale) / 2,
}));

/**
 * The way up onto each ledge (by index in LEDGES): the ledge it is reached from, the edge the jump
 * clears, the direction to run and how far short of the edge (centre to edge, px) to take off.
 * A ledge is a 32-pixel slab: a dude who reaches it rising less than its thickness runs under it
 * and hits his head; one who takes off too far short falls back before he is over it. Ledges 1 and
 * 3 reach the world's right side, so they are jumped onto from their left; ledge 2 from the right,
 * off ledge 1's left end (the jump clears its edge high enough on the way).
 */
const CLIMBS: Record<number, { from: number; edge: number; dir: 'left' | 'right'; near: number; far: number }> = {
  1: { from: 0, edge: LEDGES[1]!.left, dir: 'right', near: 60, far: 140 },
  3: { from: 1, edge: LEDGES[3]!.left, dir: 'right', near: 80, far: 150 },
  2: { from: 1, edge: LEDGES[1]!.left, dir: 'left', near: -16, far: 40 },
};

/** The ledge an object (centre x, bottom, half its width) stands on or falls onto: the highest one under some of it, not above it. */
export function ledgeUnder(x: number, bottom: number, halfWidth: number): number {
  let best = 0;
  LEDGES.forEach((l, i) => {
    if (x + halfWidth > l.left && x - halfWidth < l.right && l.top >= bottom - 6 && l.top < LEDGES[best]!.top) best = i;
  });
  return best;
}

/** Where to run to drop off ledge `i` (just past its inner end; the ground has none). */
function dropPoint(i: number): number {
  const l = LEDGES[i]!;
  return l.left > 0 ? l.left - 40 : l.right + 40;
}

type ActionName = (typeof FIRSTGAME_ACTIONS)[number];

/**
 * A scripted player for the first game: the action that takes the dude (centre x, y, vertical
 * velocity `vy`, horizontal `vx`; `onFloor` when standing) towards the nearest star (`stars`: centres
 * of the active ones), by the ledges: stars on his ledge are run to; a lower one is run to, off the
 * ledge's inner end when it lies under the ledge; a higher one is reached one ledge at a time,
 * jumping from the ledge below while running onto it. Rising, he keeps his run; falling, he steers
 * for where he wants to land. It knows nothing of bombs.
 */
export function chaseStarAction(dude: { x: number; y: number; vx: number; vy: number; onFloor: boolean }, stars: readonly { x: number; y: number }[]): ActionName {
  const here = ledgeUnder(dude.x, dude.y + DUDE_FRAME.height / 2, DUDE_FRAME.width / 2);
  let target: { x: number; y: number; ledge: number } | null = null;
  let cost = Infinity;
  for (const s of stars) {
    const ledge = ledgeUnder(s.x, s.y + STAR_SIZE.height / 2, STAR_SIZE.width / 2);
    const c = Math.abs(s.x - dude.x) + (ledge === here ? 0 : 400 + Math.abs(s.y - dude.y));
    if (c < cost) {
      cost = c;
      target = { ...s, ledge };
    }
  }
  if (target === null) return 'none';
  const toward = (x: number): 'left' | 'right' | 'none' => (x < dude.x - 8 ? 'left' : x > dude.x + 8 ? 'right' : 'none');
  const airborne = !dude.onFloor;
  // Rising: a jump carries on the way it was run.
  if (airborne && dude.vy < 0 && dude.vx !== 0) return dude.vx < 0 ? 'left' : 'right';
  if (target.ledge === here) {
    const run = toward(target.x);
    // A star bouncing above him: jump for it.
    if (!airborne && target.y < dude.y - 60 && Math.abs(target.x - dude.x) < 40) return run === 'none' ? 'up' : `${run}+up`;
    return run;
  }
  const ledge = LEDGES[here]!;
  const under = target.x >= ledge.left && target.x <= ledge.right;
  // Lower: run to it, or off the ledge's inner end when it lies under the ledge.
  if (LEDGES[target.ledge]!.top > ledge.top) return toward(under ? dropPoint(here) : target.x);
  // Higher: the next ledge up on the way there.
  let next = target.ledge;
  while (CLIMBS[next] !== undefined && CLIMBS[next]!.from !== here && CLIMBS[next]!.from !== 0) next = CLIMBS[next]!.from;
  const climb = CLIMBS[next];
  // Not reached from this ledge (the other high ledge): down first.
  if (climb === undefined || climb.from !== here) return toward(dropPoint(here));
  const dir = climb.dir;
  // Still to run before the edge, centre to edge (negative: past it).
  const before = dir === 'right' ? climb.edge - dude.x : dude.x - climb.edge;
  // Falling: land at the take-off point.
  if (airborne) return toward(dir === 'right' ? climb.edge - (climb.near + climb.far) / 2 : climb.edge + 20);
  if (before > climb.far) return dir;
  if (before >= climb.near) return `${dir}+up`;
  // Too close, or under the ledge: back off to take a run at it.
  return dir === 'right' ? 'left' : 'right';
}
