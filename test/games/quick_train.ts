/**
 * A short `pixelpilot train ppoArcadePixels --game ENTRY` run for the ports' quick tests: the
 * arcade preset by name on 2 copies, through the built command
 * (run_cli.ts's `cliProcess`: `--game` runs the page program built beside it), with its
 * `--metrics` lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricsLine } from '../../src/cli/metrics_file';
import type { TrainResult } from '../../src/cli/train_command';
import { cliProcess } from '../cli/run_cli';

export interface QuickRun {
  code: number;
  result: TrainResult | null;
  stderr: string;
  /** The run's --metrics lines. */
  metrics: MetricsLine[];
}

/** Trains the `ppoArcadePixels` preset on `entry` for `steps` agent steps over 2 copies (seed 1, wasm). */
export async function quickTrain(entry: string, steps: number): Promise<QuickRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-quick-'));
  try {
    const path = join(dir, 'metrics.jsonl');
    const r = await cliProcess(['train', 'ppoArcadePixels', '--game', entry, '--envs', '2', '--steps', String(steps), '--seed', '1', '--backend', 'wasm', '--metrics', path, '--json'], { timeoutMs: 80_000 });
    let metrics: MetricsLine[] = [];
    try {
      metrics = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as MetricsLine);
    } catch {
      // no file: the run failed before training (the caller asserts on code and stderr)
    }
    return { code: r.code, result: r.json as TrainResult | null, stderr: r.stderr, metrics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
