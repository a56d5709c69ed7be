/**
 * Runs in headless Chromium for shipped_delays.test.ts: the catch demo's shipped bot at real time,
 * with the entry's start made to restart the scene after every catch (onDone 'restart') and given
 * a reset(scene, rng) that records its first draw and where the ball is: shippedBotAtDelays'
 * `entryResets` must call it at every start, from the seeded stream of that delay and episode.
 */
import type * as Phaser from 'phaser';
import catchEntry from '../../demos/catch/training';
import type { TrainingEntry } from '../../src/game/training_entry';
import { shippedBotAtDelays } from './shipped_bot_delays';

// shipped_delays.test.ts computes the expected draws from this seed.
const RESETS_SEED = 5;
const resets: { draw: number; active: boolean }[] = [];
const entry: TrainingEntry<Phaser.Scene> = {
  ...(catchEntry as unknown as TrainingEntry<Phaser.Scene>),
  onDone: 'restart',
  reset: (scene, rng) => void resets.push({ draw: rng.uniform(), active: scene.sys.isActive() }),
};

shippedBotAtDelays(entry, '/demos/catch/catch.ppol', { delaysMs: [0, 300], episodes: 3, entryResets: { seed: RESETS_SEED } }).then(
  (runs) => ((window as unknown as { __result: unknown }).__result = { runs, resets }),
  (e: unknown) => ((window as unknown as { __result: unknown }).__result = { error: String((e as Error)?.stack ?? e) }),
);
