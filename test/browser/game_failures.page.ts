/**
 * Runs in headless Chromium: `trainGame` and `playGame` on the broken training entries of
 * test/cli/fixtures/games (a scene using physics the config never set up, a create() or update()
 * that throws, a reward() that throws, a postBoot that throws, a scene that never starts), each
 * with one copy on one shared agent. Records how each call ended and how long it took; the Node
 * side (game_failures.test.ts) asserts they reject with the right error instead of hanging.
 */
import * as Phaser from 'phaser';
import { createAgent, newRunProgress, playGame, trainGame, type RunProgress, type TrainingEntry } from 'pixelpilot';
import { fetchSpec } from '../../demos/shared/bootstrap';
import bootFails from '../cli/fixtures/games/boot_fails';
import createThrows from '../cli/fixtures/games/create_throws';
import neverActive from '../cli/fixtures/games/never_active';
import noPhysics from '../cli/fixtures/games/no_physics';
import rewardThrows from '../cli/fixtures/games/reward_throws';
import tiny from '../cli/fixtures/games/tiny';
import updateThrows from '../cli/fixtures/games/update_throws';

/** How one call ended. */
export interface Outcome {
  name: string;
  call: 'trainGame' | 'playGame';
  ms: number;
  /** 'resolved', or the error's name. */
  ended: string;
  code?: string;
  stage?: string;
  message?: string;
  causeStack?: string;
  progress: RunProgress;
  canvasesLeft: number;
}

const CASES: [string, unknown][] = [
  ['no_physics', noPhysics], ['create_throws', createThrows], ['update_throws', updateThrows], ['reward_throws', rewardThrows],
  ['boot_fails', bootFails], ['never_active', neverActive],
];

async function main(): Promise<Outcome[]> {
  const spec = await fetchSpec('dqn_catch_pixels.json');
  const t = tiny as unknown as TrainingEntry;
  const agent = await createAgent(spec, { actions: t.actions, observation: t.observation!, backend: 'wasm', players: 1 });
  const outcomes: Outcome[] = [];
  const run = async (name: string, call: Outcome['call'], fn: (progress: RunProgress) => Promise<unknown>): Promise<void> => {
    const progress = newRunProgress();
    const t0 = performance.now();
    let o: Omit<Outcome, 'ms' | 'progress' | 'canvasesLeft'>;
    try {
      await fn(progress);
      o = { name, call, ended: 'resolved' };
    } catch (e) {
      const err = e as Error & { code?: string; stage?: string; cause?: unknown };
      o = { name, call, ended: err.name, code: err.code, stage: err.stage, message: err.message, causeStack: String((err.cause as Error | undefined)?.stack ?? '') };
    }
    outcomes.push({ ...o, ms: performance.now() - t0, progress: JSON.parse(JSON.stringify(progress)), canvasesLeft: document.querySelectorAll('canvas').length });
  };
  try {
    for (const [name, entry] of CASES) {
      await run(name, 'trainGame', (progress) => trainGame(entry as TrainingEntry, spec, { agent, steps: 400, seed: 1, phaser: Phaser, progress, startTimeoutMs: 2000 }));
    }
    for (const [name, entry] of CASES.filter(([n]) => n === 'create_throws' || n === 'update_throws')) {
      await run(name, 'playGame', (progress) => playGame(entry as TrainingEntry, agent, { episodes: 50, phaser: Phaser, progress, startTimeoutMs: 2000 }));
    }
    // The unbroken game still trains on the same agent afterwards.
    await run('tiny', 'trainGame', (progress) => trainGame(t, spec, { agent, steps: 40, seed: 1, phaser: Phaser, progress }));
  } finally {
    await agent.dispose();
  }
  return outcomes;
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
