/**
 * The page program's `record` run (page_program.ts dispatches to it): recordGame on the entry,
 * its steps and episodes sent as PageEvents, the demonstration file's bytes in the result.
 */
import type { RunProgress } from '../run_progress';
import type { PhaserLike } from '../game_copies';
import { recordGame } from '../record_game';
import { checkTrainingEntry } from '../training_entry';
import { UsageError } from '../../util/errors';
import type { PageEvent } from './protocol';
import type { RecordPageResult, RecordRunConfig } from './record_protocol';

/** Runs `config` on the entry; events go to `push`, progress into `run`. */
export async function recordInPage(config: RecordRunConfig, entry: unknown, phaser: PhaserLike, push: (e: PageEvent) => void, run: RunProgress): Promise<RecordPageResult> {
  // A usage error (the command's exit 2), before any copy starts: the entry has nothing to record.
  if (checkTrainingEntry(entry, 'record --game').heuristic === undefined) {
    throw new UsageError('record --game: the training entry has no heuristic to record: add heuristic(scene, player) => action (an action index or name) to its default export');
  }
  const r = await recordGame(entry as never, {
    ...config.options,
    phaser,
    progress: run,
    onEpisode: (e) => push({ type: 'episode', return: e.return, length: e.steps }),
    onStep: (steps, seconds) => push({ type: 'step', steps, seconds }),
    onWarning: (warning) => push({ type: 'warning', warning }),
  });
  return { command: 'record', ...r };
}
