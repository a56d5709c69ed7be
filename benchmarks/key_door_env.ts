/**
 * A sparse-reward env for the demonstration benchmarks: a 7x7 room, the player starts in a
 * random cell of the left column, must walk to the key in the top-right corner, then to the door
 * in the bottom-right corner. Reward +1 only on reaching the door with the key (terminated);
 * every other step gives 0; an episode is cut after 40 steps (truncated). The shortest solution
 * takes 13-18 steps; a random walk almost never finds it (see keyDoorRandomSuccess), and a
 * constant action never does.
 *
 * Observation: float32 [50]: a one-hot of the player's cell (row-major), then 1 when it holds the
 * key. Actions: 0 up, 1 down, 2 left, 3 right (a move into a wall stays put).
 */
import type { Env, Observation } from '../src/env/env';
import { Rng } from '../src/util/rng';

export const KEY_DOOR_SIZE = 7;
export const KEY_DOOR_LIMIT = 40;
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
      const done = key && row === DOOR.row && col === DOOR.col;
      return { observation: observe(), reward: done ? 1 : 0, terminated: done, truncated: !done && t >= KEY_DOOR_LIMIT };
    },
  };
}

/** The heuristic player: to the key (columns first), then down to the door; reads the observation only. */
export function keyDoorHeuristic(observation: Observation): number {
  const n = KEY_DOOR_SIZE;
  const cell = observation.subarray(0, n * n).indexOf(1);
  const row = Math.floor(cell / n);
  const col = cell % n;
  const target = observation[n * n] ? DOOR : KEY;
  if (col < target.col) return 3;
  if (col > target.col) return 2;
  return row < target.row ? 1 : 0;
}
