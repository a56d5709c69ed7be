/**
 * Varied starts for the fast mode, the way the Atari benchmarks vary them (Machado et al. 2018,
 * "Revisiting the Arcade Learning Environment"): each episode of each copy begins after a random
 * number of no-op decisions (0..noops, uniform, seeded per copy and episode), optionally after the
 * training entry's own `reset(scene, rng)`; and, optionally, sticky actions (each frame the game
 * keeps its previous action with probability p). A greedy policy on a deterministic game otherwise
 * plays one trajectory over and over, and an evaluation of it measures that one trajectory only.
 * This file holds the options, their checks and the seeded streams; copy_starts.ts runs a start.
 */
import { AgentError } from '../util/errors';
import { Rng } from '../util/rng';
import type { TrainingEntry } from './training_entry';

/** trainGame's and playGame's `randomStarts` when on. */
export interface RandomStartsOptions {
  /**
   * The most no-op decisions (of the entry's decisionPeriod frames each) before an episode; each
   * episode draws 0..noops uniformly. 0: only the entry's `reset(scene, rng)` varies the start.
   * Default: the entry's `noopMax`, else 30 (the ALE's).
   */
  noops?: number;
}

/** The ALE's no-op maximum, the default of `randomStarts.noops`. */
export const DEFAULT_NOOP_MAX = 30;
/** Action names taken for the no-op action when the entry names none (compared in lower case). */
export const NOOP_NAMES: readonly string[] = ['noop', 'none', 'stay', 'idle'];

/** Random starts resolved against an entry. */
export interface ResolvedStarts {
  /** The most no-op decisions before an episode. */
  noops: number;
  /** The no-op action's index (null when noops is 0: none is played). */
  noopAction: number | null;
}

/** Checks `randomStarts` and `stickyActions` of trainGame / playGame options; pushes each problem. */
export function checkStartOptions(o: { randomStarts?: unknown; stickyActions?: unknown }, problems: string[]): void {
  const rs = o.randomStarts;
  if (rs !== undefined && rs !== false) {
    if (rs === null || typeof rs !== 'object' || Array.isArray(rs)) problems.push(`randomStarts must be false or { noops?: integer >= 0 } (got ${JSON.stringify(rs)})`);
    else {
      const { noops, ...rest } = rs as Record<string, unknown>;
      if (noops !== undefined && !(Number.isSafeInteger(noops) && (noops as number) >= 0)) problems.push(`randomStarts.noops must be an integer >= 0 (got ${JSON.stringify(noops)})`);
      for (const k of Object.keys(rest)) problems.push(`randomStarts.${k}: unknown key (known: noops)`);
    }
  }
  const p = o.stickyActions;
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p < 1)) problems.push(`stickyActions must be a probability in [0, 1) (got ${JSON.stringify(p)})`);
}

/**
 * Resolves checked `randomStarts` against the entry and the agent's `actions`: null when off, else
 * the no-op maximum and the no-op action's index. AgentError when no-ops are asked for and there is
 * no no-op action.
 */
export function resolveStarts<S extends object>(value: RandomStartsOptions | false, entry: TrainingEntry<S>, actions: readonly string[], where: string): ResolvedStarts | null {
  if (value === false) return null;
  const noops = value.noops ?? entry.noopMax ?? DEFAULT_NOOP_MAX;
  if (noops === 0) return { noops, noopAction: null };
  const named = entry.noop ?? actions.find((a) => NOOP_NAMES.includes(a.toLowerCase()));
  if (named === undefined || !actions.includes(named)) {
    throw new AgentError(`${where}: random starts play up to ${noops} no-op decisions before each episode, and ${named === undefined ? 'the training entry names no no-op action' : `the entry's noop '${named}' is not one of the agent's actions`} ` +
      `(actions: ${actions.join(', ')}; none is called ${NOOP_NAMES.join(', ')}): name the action that does nothing with \`noop: 'name'\` in the entry, ` +
      'set `noopMax: 0` in the entry (or randomStarts: { noops: 0 }) to vary starts only by its reset(scene, rng), or turn random starts off (randomStarts: false, --no-random-starts)');
  }
  return { noops, noopAction: actions.indexOf(named) };
}

/** What a stream is for: its own salt, so that the streams of one copy never coincide. */
export const STREAM = { start: 0x5174, sticky: 0x571c } as const;

/** A 32-bit seed from the run's seed, a stream salt, the copy and the episode (safe-integer seeds keep their high bits). */
export function streamSeed(seed: number, salt: number, copy: number, episode = 0): number {
  let h = 0x811c9dc5;
  for (const part of [seed % 2 ** 32, Math.floor(seed / 2 ** 32), salt, copy, episode]) {
    h = Math.imul(h ^ (part | 0), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** The random stream of copy `copy`'s episode `episode` (0, 1, ...): its no-op count, then what reset() draws. */
export function startStream(seed: number, copy: number, episode: number): Rng {
  return new Rng(streamSeed(seed, STREAM.start, copy, episode));
}

/** The no-op decisions drawn for an episode: the first draw of its start stream, uniform in 0..noops. */
export function drawNoops(rng: Rng, noops: number): number {
  return noops === 0 ? 0 : rng.int(noops + 1);
}
