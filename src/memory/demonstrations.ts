/**
 * Demonstrations in memory: episodes of steps recorded from a person or a heuristic, each step as
 * the agent would have seen it (observation, action, reward, episode end). The demonstration
 * file (src/store/demo_file.ts) decodes into this; the algorithms learn from it (DQfD, behaviour
 * cloning). Typed arrays only, no tensors.
 *
 * The table (`demoTable`) puts every observation of every episode in one row array and indexes
 * steps into it, so a step's next observation is the following row, never a second copy. For a
 * recurrent net a row is the window of the last `seqLen` observations of its episode, oldest first,
 * zero-padded before the episode's first one (SequenceWindow's rule).
 */
import { ShapeError } from '../util/errors';
import type { ActionSpaceLike, ObsArray, ObsDtype } from './types';

/** One recorded episode of one player. */
export interface DemoEpisode {
  /** Which player (copy, env) played it, from 0. */
  readonly player: number;
  /** Steps (decisions) in it, >= 1. */
  readonly steps: number;
  /** `[steps + 1, ...obsShape]`: each step's observation, then the observation after the last step. */
  readonly observations: ObsArray;
  /** `[steps]` (discrete), `[steps, nvec.length]` (Int32) or `[steps, prod(shape)]` (Float32). */
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  /** 1 where the step ended the episode in a terminal state (only the last step may). */
  readonly terminated: Uint8Array;
  /** 1 where the step cut the episode short (only the last step may). An episode whose last step is neither was cut by the end of the recording. */
  readonly truncated: Uint8Array;
}

/** A set of demonstrations and the spaces they were recorded in. */
export interface Demonstrations {
  /** One observation as the agent sees it (frames stacked): `[H, W, C]` or `[D]`. */
  readonly obsShape: readonly number[];
  readonly obsDtype: ObsDtype;
  /** Frames stacked on the last axis of each image observation (1 when none). */
  readonly frameStack: number;
  readonly actionSpace: ActionSpaceLike;
  readonly episodes: readonly DemoEpisode[];
}

/** Values per action: 1 (discrete), nvec.length or prod(shape). */
export function actionWidth(space: ActionSpaceLike): number {
  if (space.type === 'discrete') return 1;
  if (space.type === 'multi_discrete') return space.nvec.length;
  return space.shape.reduce((a, b) => a * b, 1);
}

/** Steps over all episodes. */
export function demoStepCount(d: Demonstrations): number {
  return d.episodes.reduce((n, e) => n + e.steps, 0);
}

/** Every step's observation indexed into one array of rows. */
export interface DemoTable {
  /** One row's shape: obsShape, or `[seqLen, ...obsShape]` (windows for a recurrent net). */
  readonly rowShape: readonly number[];
  readonly rowSize: number;
  /** `[steps + episodes, ...rowShape]`: the rows of every episode's observations. */
  readonly rows: ObsArray;
  /** Steps over all episodes (episode after episode). */
  readonly steps: number;
  /** Row of each step's observation and of its next observation. */
  readonly obsRow: Int32Array;
  readonly nextRow: Int32Array;
  /** `[steps * actionWidth]`. */
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** 1 on the last step of each episode (whatever ended it). */
  readonly episodeEnd: Uint8Array;
}

/**
 * The table of `d`. `seqLen` 0 (default): rows are observations; >= 1: rows are windows of the
 * last seqLen observations (a RecurrentNet's input). Throws ShapeError on arrays that do not fit
 * the declared shapes (a file reader has checked them; this guards other callers).
 */
export function demoTable(d: Demonstrations, seqLen = 0): DemoTable {
  const obsSize = d.obsShape.reduce((a, b) => a * b, 1);
  const width = actionWidth(d.actionSpace);
  const steps = demoStepCount(d);
  const rowsCount = steps + d.episodes.length;
  const window = seqLen >= 1 ? seqLen : 1;
  const rowSize = obsSize * window;
  const Obs = d.obsDtype === 'uint8' ? Uint8Array : Float32Array;
  const rows = new Obs(rowsCount * rowSize);
  const Act = d.actionSpace.type === 'continuous' ? Float32Array : Int32Array;
  const table = {
    rowShape: seqLen >= 1 ? [seqLen, ...d.obsShape] : [...d.obsShape],
    rowSize,
    rows,
    steps,
    obsRow: new Int32Array(steps),
    nextRow: new Int32Array(steps),
    actions: new Act(steps * width),
    rewards: new Float32Array(steps),
    terminated: new Uint8Array(steps),
    truncated: new Uint8Array(steps),
    episodeEnd: new Uint8Array(steps),
  };
  let row = 0;
  let step = 0;
  d.episodes.forEach((e, k) => {
    const fits =
      e.observations.length === (e.steps + 1) * obsSize && e.observations instanceof Obs &&
      e.actions.length === e.steps * width && e.actions instanceof Act &&
      e.rewards.length === e.steps && e.terminated.length === e.steps && e.truncated.length === e.steps;
    if (!fits || e.steps < 1) throw new ShapeError(`demonstrations: episode ${k}'s arrays do not fit ${e.steps} steps of [${d.obsShape}] ${d.obsDtype}`);
    for (let t = 0; t <= e.steps; t++) {
      // Window: observations t-window+1 .. t of this episode, zeros before its first one.
      for (let j = 0; j < window; j++) {
        const src = t - (window - 1) + j;
        if (src >= 0) rows.set(e.observations.subarray(src * obsSize, (src + 1) * obsSize), (row + t) * rowSize + j * obsSize);
      }
    }
    table.actions.set(e.actions, step * width);
    table.rewards.set(e.rewards, step);
    table.terminated.set(e.terminated, step);
    table.truncated.set(e.truncated, step);
    for (let t = 0; t < e.steps; t++) {
      table.obsRow[step + t] = row + t;
      table.nextRow[step + t] = row + t + 1;
    }
    table.episodeEnd[step + e.steps - 1] = 1;
    row += e.steps + 1;
    step += e.steps;
  });
  return table;
}

/**
 * Discounted returns of every step within its episode, G_t = r_t + gamma * G_{t+1}, 0 after the
 * episode's last step (the value targets of behaviour-cloning pre-training: an episode cut short
 * counts nothing beyond its end).
 */
export function demoReturns(t: DemoTable, gamma: number): Float32Array {
  const out = new Float32Array(t.steps);
  let future = 0;
  for (let i = t.steps - 1; i >= 0; i--) {
    if (t.episodeEnd[i]) future = 0;
    future = t.rewards[i]! + gamma * future;
    out[i] = future;
  }
  return out;
}

/** The n-step returns of every step (DQfD's n-step loss): see `nStepReturns`. */
export interface NStepColumns {
  /** sum_{j<k} gamma^j r_{t+j} over the k <= n steps taken. */
  readonly returns: Float32Array;
  /** gamma^k where the return bootstraps from `rows`, 0 where the episode terminated within n steps. */
  readonly discounts: Float32Array;
  /** Row of the observation it bootstraps from (the next row of its k-th step). */
  readonly rows: Int32Array;
}

/**
 * n-step returns over the table: from step t, up to n steps of the same episode; a terminal step
 * stops it with no bootstrap, a truncated or cut last step (or the n-th step) bootstraps from the
 * following observation.
 */
export function nStepReturns(t: DemoTable, n: number, gamma: number): NStepColumns {
  const returns = new Float32Array(t.steps);
  const discounts = new Float32Array(t.steps);
  const rows = new Int32Array(t.steps);
  for (let i = 0; i < t.steps; i++) {
    let ret = 0;
    let disc = 1;
    let j = i;
    for (let k = 0; ; k++) {
      ret += disc * t.rewards[j]!;
      disc *= gamma;
      if (t.terminated[j]) {
        disc = 0;
        break;
      }
      if (t.episodeEnd[j] || k === n - 1) break;
      j++;
    }
    returns[i] = ret;
    discounts[i] = disc;
    rows[i] = t.nextRow[j]!;
  }
  return { returns, discounts, rows };
}
