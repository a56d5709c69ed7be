/**
 * A short `pixelpilot train ppoArcadePixels --game ENTRY` run for the ports' quick tests: the
 * arcade preset by name on 2 copies, through the built command
 * (run_cli.ts's `cliProcess`: `--game` runs the page program built beside it).
 */
import type { TrainResult } from '../../src/cli/train_command';
import { cliProcess } from '../cli/run_cli';

export interface QuickRun {
  code: number;
  result: TrainResult | null;
  stderr: string;
}

/** Trains the `ppoArcadePixels` preset on `entry` for `steps` agent steps over 2 copies (seed 1, wasm). */
export async function quickTrain(entry: string, steps: number): Promise<QuickRun> {
  const r = await cliProcess(['train', 'ppoArcadePixels', '--game', entry, '--envs', '2', '--steps', String(steps), '--seed', '1', '--backend', 'wasm', '--json'], { timeoutMs: 80_000 });
  return { code: r.code, result: r.json as TrainResult | null, stderr: r.stderr };
}
