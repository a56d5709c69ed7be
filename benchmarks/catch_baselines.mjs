/**
 * The two baselines the serve benchmarks compare against, on the catch demo's entry: `train --game`
 * with the DoubleDQN catch spec (its agent steps/s, acting and training included), then trainGame
 * in a bench page with the same copies and steps (its timing split; `inProcessRate` is its
 * stepping + capture alone, in agent steps/s). Not a benchmark of its own.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { serveStatic } from '../scripts/serve.mjs';
import { buildBenchPage, launchBenchBrowser, runBenchPage } from './bench_page.mjs';

export const CATCH_ENTRY = 'demos/catch/training.ts';

/** `train --game` and trainGame's page run on `envs` catch copies for `agentSteps` agent steps. */
export async function catchBaselines(root, envs, agentSteps) {
  const train = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'train', 'demos/specs/dqn_catch_pixels.json', '--game', CATCH_ENTRY, '--envs', String(envs), '--steps', String(agentSteps), '--seed', '1', '--backend', 'wasm', '--json'], { cwd: root, encoding: 'utf8' });
  if (train.status !== 0) throw new Error(`train --game failed:\n${train.stderr}`);
  const trainRate = Number(/: (\d+) decisions\/s/.exec(train.stderr)?.[1]);
  await buildBenchPage('train_game');
  const { server: http, origin } = await serveStatic({ root, port: 0 });
  const browser = await launchBenchBrowser();
  let page;
  try {
    page = await runBenchPage(browser, origin, 'train_game', { game: 'catch', envs, steps: agentSteps }, 900_000);
    if (page.error !== undefined) throw new Error(page.error);
  } finally {
    await browser.close();
    http.close();
  }
  const t = page.timing;
  return { trainRate, page, inProcessRate: page.steps / ((t.steppingMs + t.captureMs) / 1000) };
}
