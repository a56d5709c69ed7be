/**
 * Runs in headless Chromium: the policy that Python's DQN trained through pixelpilot_gym and
 * `pixelpilot import` turned into a policy file (build/python-dqn/catch.ppol, written by
 * dqn_catch.test.ts) plays the catch demo's own scene at real time through `pixelpilot/play`, as a
 * shipped bot does (shipped_bot_delays.ts, attached as the scene starts).
 */
import entry from '../../demos/catch/training';
import { shippedBotAtDelays } from '../browser/shipped_bot_delays';

shippedBotAtDelays(entry, '/build/python-dqn/catch.ppol', { delaysMs: [0], episodes: 20 }).then(
  (runs) => ((window as unknown as { __result: unknown }).__result = { runs }),
  (e: unknown) => ((window as unknown as { __result: unknown }).__result = { error: String((e as Error)?.stack ?? e) }),
);
