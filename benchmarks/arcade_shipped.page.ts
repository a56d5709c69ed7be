/**
 * Runs in headless Chromium for benchmarks/arcade_shipped.bench.mjs: a ported game's shipped bot
 * (?game=breakout|snake|firstgame, ?policy=URL of its weights-only file) plays the game's own scene
 * at real time, attached ?delay=MS after the scene started, for ?episodes=N episodes
 * (test/browser/shipped_bot_delays.ts, the same check the catch demo's test makes); with
 * ?resets=SEED, each start is followed by the entry's reset(scene, rng), as in training.
 */
import breakout from '../test/games/breakout/training';
import firstgame from '../test/games/firstgame/training';
import snake from '../test/games/snake/training';
import type * as Phaser from 'phaser';
import type { TrainingEntry } from '../src/game/training_entry';
import { shippedBotAtDelays } from '../test/browser/shipped_bot_delays';

const QUERY = new URLSearchParams(location.search);
const ENTRIES = { breakout, snake, firstgame } as const;
// One scene type for the three (each entry's attach reads its own scene).
const entry = ENTRIES[QUERY.get('game') as keyof typeof ENTRIES] as unknown as TrainingEntry<Phaser.Scene> | undefined;
const done = (r: unknown): void => void ((window as unknown as { __result: unknown }).__result = r);

if (entry === undefined) done({ error: `unknown game '${QUERY.get('game')}'` });
else {
  shippedBotAtDelays(entry, QUERY.get('policy')!, { delaysMs: [Number(QUERY.get('delay'))], episodes: Number(QUERY.get('episodes')), timeoutMs: 900_000, ...(QUERY.has('resets') ? { entryResets: { seed: Number(QUERY.get('resets')) } } : {}) }).then(
    (runs) => done({ runs }),
    (e: unknown) => done({ error: String((e as Error)?.stack ?? e) }),
  );
}
