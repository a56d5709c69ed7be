/**
 * The flags that vary a game's episode starts (src/game/random_starts.ts): `--random-starts`,
 * `--no-random-starts`, `--noop-max N` and `--sticky-actions P`, taken by `train --game`,
 * `eval --game` and `serve`; parsed into trainGame's / playGame's options, and said in words.
 */
import { UsageError } from '../util/errors';
import { given } from './args';

/** The random-start and sticky-action flags of `train --game`, `eval --game` and `serve`, as given. */
export interface GameStartFlags {
  /** true with --random-starts, false with --no-random-starts. */
  randomStarts?: boolean;
  noopMax?: string;
  stickyActions?: string;
}

/** trainGame's / playGame's `randomStarts` and `stickyActions` from the flags (only the ones given: the page keeps its defaults). */
export function startOptions(flags: GameStartFlags): { randomStarts?: { noops?: number } | false; stickyActions?: number } {
  if (flags.randomStarts === false && flags.noopMax !== undefined) throw new UsageError('give --no-random-starts or --noop-max, not both');
  let noops: number | undefined;
  if (flags.noopMax !== undefined) {
    noops = /^\d{1,9}$/.test(flags.noopMax) ? Number(flags.noopMax) : NaN;
    if (!Number.isSafeInteger(noops)) throw new UsageError(`--noop-max must be an integer >= 0, got '${flags.noopMax}'`);
  }
  let sticky: number | undefined;
  if (flags.stickyActions !== undefined) {
    sticky = /^(0(\.\d+)?|\.\d+)$/.test(flags.stickyActions) ? Number(flags.stickyActions) : NaN;
    if (!(sticky >= 0 && sticky < 1)) throw new UsageError(`--sticky-actions must be a probability in [0, 1), got '${flags.stickyActions}'`);
  }
  return {
    ...(flags.randomStarts === false ? { randomStarts: false as const } : noops !== undefined ? { randomStarts: { noops } } : flags.randomStarts === true ? { randomStarts: {} } : {}),
    ...(sticky === undefined ? {} : { stickyActions: sticky }),
  };
}

/** How the starts were varied, in words: 'up to 30 no-op decisions', 'off', plus sticky actions when on. */
export function describeStarts(starts: { noops: number } | false, sticky: number): string {
  const s = starts === false ? 'off' : starts.noops === 0 ? "the entry's reset only" : `up to ${starts.noops} no-op decisions`;
  return sticky > 0 ? `${s}; sticky actions ${sticky}` : s;
}

/** The random-start flags of `train --game`, `eval --game` and `serve` (parseArgs options). */
export const START_FLAGS = {
  'random-starts': { type: 'boolean' },
  'no-random-starts': { type: 'boolean' },
  'noop-max': { type: 'string' },
  'sticky-actions': { type: 'string' },
} as const;

/** The random-start flags as GameStartFlags; UsageError when given without --game or both ways. */
export function startFlags(game: string | undefined, randomStarts: boolean | undefined, noRandomStarts: boolean | undefined, noopMax: string | undefined, stickyActions: string | undefined): GameStartFlags {
  if (game === undefined) {
    const used = [['random-starts', randomStarts], ['no-random-starts', noRandomStarts], ['noop-max', noopMax], ['sticky-actions', stickyActions]].find(([, v]) => v !== undefined);
    if (used !== undefined) throw new UsageError(`--${used[0]} is used with --game ENTRY only`);
  }
  if (randomStarts === true && noRandomStarts === true) throw new UsageError('give --random-starts or --no-random-starts, not both');
  return given({ randomStarts: noRandomStarts === true ? false : randomStarts === true ? true : undefined, noopMax, stickyActions });
}
