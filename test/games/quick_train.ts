/**
 * A short `pixelpilot train ppoArcadePixels --game ENTRY` run for the ports' quick tests: the
 * arcade preset by name on 2 copies, through the command's own main() (run_cli.ts's `cli`).
 */
import type { TrainResult } from '../../src/cli/train_command';
import { cli } from '../cli/run_cli';

export interface QuickRun {
  code: number;
  result: TrainResult | null;
  stderr: string;
}

/** Trains the `ppoArcadePixels` preset on `entry` for `steps` agent steps over 2 copies (seed 1, wasm). */
export async function quickTrain(entry: string, steps: number): Promise<QuickRun> {
  const r = await cli('train', 'ppoArcadePixels', '--game', entry, '--envs', '2', '--steps', String(steps), '--seed', '1', '--backend', 'wasm', '--json');
  return { code: r.code, result: r.json as TrainResult | null, stderr: r.stderr };
}
