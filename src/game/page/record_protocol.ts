/**
 * `pixelpilot record --game`'s part of the page protocol (protocol.ts): the page runs recordGame
 * on the entry and returns the demonstration file's bytes with what it recorded.
 */
import type { PAGE_PROTOCOL } from './protocol';
import type { RecordGameOptions, RecordGameResult } from '../record_game';

/** recordGame's own options that are plain data, passed through as they are. */
export type RecordGameDataOptions = Omit<RecordGameOptions, 'phaser' | 'parent' | 'progress' | 'onEpisode' | 'onStep' | 'onWarning'>;

/** `record --game`: recordGame on the entry (its heuristic plays). */
export interface RecordRunConfig {
  command: 'record';
  protocol: typeof PAGE_PROTOCOL;
  options: RecordGameDataOptions;
}

/** What `record` returns: recordGame's result as it is (the file's bytes in `demos`). */
export type RecordPageResult = { command: 'record' } & RecordGameResult;
