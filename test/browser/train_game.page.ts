/**
 * Runs in headless Chromium: the catch demo's training entry (demos/catch/training.ts: the demo's
 * own scene, CANVAS renderer) through the fast mode, `trainGame`, with ENVS copies on wasm and the
 * demo's spec, in rounds of ROUND_FRAMES agent steps; after each round `playGame` plays greedily
 * (first CHECK episodes, then, if those reach the target, EVAL). Stops at the first full evaluation
 * at >= 90% catches or at the budget. The Node side (train_game.test.ts) asserts. The address takes
 * ?envs=N, ?round=N, ?maxMs=N, ?seed=N for experiments and benchmarks.
 */
import * as Phaser from 'phaser';
import { playGame, trainGame, type Agent, type RunTiming } from 'pixelpilot';
import entry from '../../demos/catch/training';
import { fetchSpec } from '../../demos/shared/bootstrap';

const QUERY = new URLSearchParams(location.search);
const ENVS = Number(QUERY.get('envs') ?? 8);
const ROUND_FRAMES = Number(QUERY.get('round') ?? 2000);
const MAX_MS = Number(QUERY.get('maxMs') ?? 100_000);
const SEED = Number(QUERY.get('seed') ?? 1);
const TARGET = 0.9;
const CHECK = 40;
const EVAL = 200;

/** One training chunk and the greedy evaluation after it. */
export interface Round {
  steps: number;
  seconds: number;
  decisionsPerSecond: number;
  episodes: number;
  trainCatchRate: number;
  greedy: number;
  greedyEpisodes: number;
  timing: RunTiming;
  /** Where the greedy check's time went. */
  playTiming: RunTiming | null;
}

const catchRate = (returns: readonly number[]): number => returns.filter((r) => r > 0).length / returns.length;

async function main(): Promise<unknown> {
  const spec = await fetchSpec('dqn_catch_pixels.json');
  const t0 = performance.now();
  const rounds: Round[] = [];
  let agent: Agent | undefined;
  let reached: Round | null = null;
  let mathRandomKept = true;
  const pageRandom = Math.random;
  try {
    while (reached === null && performance.now() - t0 < MAX_MS) {
      const r = await trainGame(entry, spec, { envs: ENVS, steps: ROUND_FRAMES, seed: SEED + rounds.length, backend: 'wasm', phaser: Phaser, ...(agent === undefined ? {} : { agent }) });
      agent = r.agent;
      mathRandomKept &&= Math.random === pageRandom;
      const round: Round = {
        steps: r.steps, seconds: r.seconds, decisionsPerSecond: r.decisionsPerSecond, episodes: r.episodes,
        trainCatchRate: catchRate(r.returns.map((p) => p.return)), greedy: 0, greedyEpisodes: 0, timing: r.timing, playTiming: null,
      };
      rounds.push(round);
      // The game's own starts, as when the README's figures were measured (playGame varies them by default).
      const check = await playGame(entry, agent, { episodes: CHECK, phaser: Phaser, seed: 1000 + rounds.length, randomStarts: false });
      round.greedy = catchRate(check.returns);
      round.greedyEpisodes = check.episodes;
      round.playTiming = check.timing;
      if (round.greedy < TARGET) continue;
      const full = await playGame(entry, agent, { episodes: EVAL, phaser: Phaser, seed: 5000 + rounds.length, randomStarts: false });
      round.greedy = catchRate(full.returns);
      round.greedyEpisodes = full.episodes;
      if (round.greedy >= TARGET) reached = round;
    }
    const stats = await agent!.stats();
    return {
      envs: ENVS, backend: agent!.backend, players: agent!.players, rounds, reached, mathRandomKept,
      wallSeconds: (performance.now() - t0) / 1000, statsFrame: stats.frame, statsSteps: stats.steps,
      canvasesLeft: document.querySelectorAll('canvas').length,
    };
  } finally {
    await agent?.dispose();
  }
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
