/**
 * Runs in headless Chromium: the catch demo's shipped policy (demos/catch/catch.ppol) plays the
 * demo's scene (its training entry's, as ship.html plays it) at real time, the bot attached 0, 300,
 * 700 and 1200 ms after the scene started (shipped_bot_delays.ts). shipped_delays.test.ts compares
 * each with `eval --game`.
 */
import entry from '../../demos/catch/training';
import { shippedBotAtDelays } from './shipped_bot_delays';

export const DELAYS_MS = [0, 300, 700, 1200];
export const EPISODES = 15;

shippedBotAtDelays(entry, '/demos/catch/catch.ppol', { delaysMs: DELAYS_MS, episodes: EPISODES }).then(
  (runs) => ((window as unknown as { __result: unknown }).__result = { runs }),
  (e: unknown) => ((window as unknown as { __result: unknown }).__result = { error: String((e as Error)?.stack ?? e) }),
);
