/**
 * A sparse-reward env for the demonstration benchmarks: an 11x11 room, the player starts in a
 * random cell of the left column, must walk to the key in the top-right corner, then to the door
 * in the bottom-right corner. Reward +1 only on reaching the door with the key; reaching the door
 * without it ends the episode with nothing (the door locks: a deceptive shortcut); every other
 * step gives 0; an episode is cut after 60 steps (truncated). The shortest solution takes 20-30
 * steps; a random walk almost never finds it (about 1 episode in 40,000), and a constant action
 * never does.
 *
 * Observation: float32 [122]: a one-hot of the player's cell (row-major), then 1 when it holds the
 * key. Actions: 0 up, 1 down, 2 left, 3 right (a move into a wall stays put).
 */
import type { Env, Observation } from '../src/env/env';
import { Rng } from '../src/util/rng';

export const KEY_DOOR_SIZE = 11;
export const KEY_DOOR_LIMIT = 60;
const KEY = { row: 0, col: KEY_DOOR_SIZE - 1 };
const DOOR = { row: KEY_DOOR_SIZE - 1, col: KEY_DOOR_SIZE - 1 };
const MOVES = [[-1, 0], [1, 0], [0, -1], [0, 1]] as const;

/** The key-then-door room (default export: an env module's factory). */
export default function keyDoorEnv(): Env {
  const n = KEY_DOOR_SIZE;
  let rng = new Rng(0);
  let row = 0;
  let col = 0;
  let key = false;
  let t = 0;
  const observe = (): Float32Array => {
    const o = new Float32Array(n * n + 1);
    o[row * n + col] = 1;
    o[n * n] = key ? 1 : 0;
    return o;
  };
  return {
    observationSpace: { shape: [n * n + 1], dtype: 'float32', low: 0, high: 1 },
    actionSpace: { type: 'discrete', n: 4 },
    reset(options = {}) {
      if (options.seed !== undefined) rng = new Rng(options.seed);
      row = rng.int(n);
      col = 0;
      key = false;
      t = 0;
      return { observation: observe() };
    },
    step(action) {
      const [dr, dc] = MOVES[action as number]!;
      row = Math.min(n - 1, Math.max(0, row + dr));
      col = Math.min(n - 1, Math.max(0, col + dc));
      t++;
      if (row === KEY.row && col === KEY.col) key = true;
      const door = row === DOOR.row && col === DOOR.col;
      return { observation: observe(), reward: door && key ? 1 : 0, terminated: door, truncated: !door && t >= KEY_DOOR_LIMIT };
    },
  };
}

/** The heuristic player: up to the top row, right to the key, then down to the door (never through the door without the key); reads the observation only. */
export function keyDoorHeuristic(observation: Observation): number {
  const n = KEY_DOOR_SIZE;
  const cell = observation.subarray(0, n * n).indexOf(1);
  const row = Math.floor(cell / n);
  const col = cell % n;
  if (observation[n * n]) return row < DOOR.row ? 1 : 3;
  if (row > KEY.row) return 0;
  return col < KEY.col ? 3 : 0;
}
