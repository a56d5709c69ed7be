/**
 * How much an evaluation's episodes differed: the spread of their returns and how many distinct
 * episodes there were (by their signatures, copy_actions.ts). A greedy policy on a deterministic
 * game, its copies in lockstep, plays one episode over and over: its mean has no spread, and says
 * nothing of the starts a shipped bot meets (the 'identical-episodes' warning).
 */
import type { AgentWarning } from '../attach/warnings';

/** The spread of an evaluation's episodes. */
export interface EpisodeSpread {
  returnMean: number;
  /** Population standard deviation of the returns. */
  returnStd: number;
  /**
   * The mean's standard error: the sample standard deviation over sqrt(episodes) (NaN under 2
   * episodes). Two evaluations whose means differ by several of theirs differ in fact.
   */
  returnStandardError: number;
  returnMin: number;
  returnMax: number;
  returnMedian: number;
  /** Distinct episodes: distinct signatures (the actions the game got each frame, the return, the decisions). */
  distinctEpisodes: number;
  /**
   * Every episode was the same one (at least two compared). A copy's first episode is left out
   * when the copy played more: it begins at the scene's create(), the others at the game's own
   * restart, so it may differ from them by its first frames alone.
   */
  identicalEpisodes: boolean;
}

/** The spread of `returns`; `episodes[i]` is episode i's copy and signature. */
export function episodeSpread(returns: readonly number[], episodes: readonly { copy: number; signature: string }[]): EpisodeSpread {
  const n = returns.length;
  const mean = n === 0 ? NaN : returns.reduce((s, r) => s + r, 0) / n;
  const std = n === 0 ? NaN : Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / n);
  const sorted = [...returns].sort((a, b) => a - b);
  const median = n === 0 ? NaN : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const perCopy = new Map<number, number>();
  for (const e of episodes) perCopy.set(e.copy, (perCopy.get(e.copy) ?? 0) + 1);
  const seen = new Set<number>();
  const compared = new Set<string>();
  let comparedCount = 0;
  for (const e of episodes) {
    const first = !seen.has(e.copy);
    seen.add(e.copy);
    if (first && perCopy.get(e.copy)! > 1) continue;
    compared.add(e.signature);
    comparedCount++;
  }
  return {
    returnMean: mean,
    returnStd: std,
    // The sample std (n - 1) over sqrt(n), from the population std: std / sqrt(n - 1).
    returnStandardError: n < 2 ? NaN : std / Math.sqrt(n - 1),
    returnMin: n === 0 ? NaN : sorted[0]!,
    returnMax: n === 0 ? NaN : sorted[n - 1]!,
    returnMedian: median,
    distinctEpisodes: new Set(episodes.map((e) => e.signature)).size,
    identicalEpisodes: comparedCount >= 2 && compared.size === 1,
  };
}

/** The 'identical-episodes' warning for a spread whose episodes were all the same, else null. */
export function identicalEpisodesWarning(spread: EpisodeSpread, episodes: number, variedStarts: boolean): AgentWarning | null {
  if (!spread.identicalEpisodes) return null;
  const how = variedStarts
    ? 'even with random starts: the game ignores its no-ops and its reset(scene, rng) varies nothing; give the entry a reset(scene, rng) that randomises the start, or try stickyActions'
    : 'random starts were off: play it with random starts (playGame\'s default; eval --game without --no-random-starts), or give the entry a reset(scene, rng) that randomises the start';
  return {
    code: 'identical-episodes',
    message: `all ${episodes} episodes were the same episode (same actions, return ${spread.returnMean}): a greedy policy on a deterministic game replays one trajectory, ` +
      `so the mean says nothing of the starts a shipped bot meets (a bot attached a moment later may do far worse); ${how}`,
  };
}
