/**
 * Runs in headless Chromium for benchmarks/train_game.bench.mjs: one `trainGame` run of a demo's
 * training entry (?game=catch: demos/catch/training.ts with dqn_catch_pixels.json; ?game=pong:
 * demos/pong/training.ts with pong_ppo_natureish.json) on ?envs=N copies for ?steps=S agent steps,
 * wasm, and what it measured: decisions per second and the time split (see src/game/run_timing.ts).
 */
import * as Phaser from 'phaser';
import { trainGame, type RunTiming } from 'pixelpilot';
import catchEntry from '../demos/catch/training';
import pongEntry from '../demos/pong/training';
import { fetchSpec } from '../demos/shared/bootstrap';

const QUERY = new URLSearchParams(location.search);
const GAMES = {
  catch: { entry: catchEntry, spec: 'dqn_catch_pixels.json' },
  pong: { entry: pongEntry, spec: 'pong_ppo_natureish.json' },
} as const;

/** What the bench prints per row. */
export interface BenchRow {
  steps: number;
  seconds: number;
  decisionsPerSecond: number;
  trainRounds: number;
  episodes: number;
  timing: RunTiming;
}

async function main(): Promise<BenchRow> {
  const game = GAMES[(QUERY.get('game') ?? 'catch') as keyof typeof GAMES];
  if (game === undefined) throw new Error(`unknown game ${QUERY.get('game')}`);
  const spec = await fetchSpec(game.spec);
  let trainRounds = 0;
  const r = await trainGame(game.entry as typeof catchEntry, spec, {
    envs: Number(QUERY.get('envs') ?? 1),
    steps: Number(QUERY.get('steps') ?? 4000),
    seed: 1,
    backend: 'wasm',
    phaser: Phaser,
    onTrain: () => trainRounds++,
  });
  await r.agent.dispose();
  return { steps: r.steps, seconds: r.seconds, decisionsPerSecond: r.decisionsPerSecond, trainRounds, episodes: r.episodes, timing: r.timing };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
