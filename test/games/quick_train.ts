/**
 * A short `pixelpilot train SPEC --game ENTRY` run for the ports' quick tests: the arcade preset on
 * 2 copies, through the command's own main() as cli_game.test.ts drives it; returns its exit code,
 * its --json line and its stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { presets } from '../../src/presets/index';

export interface QuickRun {
  code: number;
  result: { frames: number; episodes: number; return_mean_100: number | null; seconds: number; backend: string } | null;
  stderr: string;
}

/** Trains `presets.ppoArcadePixels` on `entry` for `frames` agent steps over 2 copies (seed 1, wasm). */
export async function quickTrain(entry: string, frames: number): Promise<QuickRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-games-'));
  try {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify(presets.ppoArcadePixels));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(['train', spec, '--game', entry, '--envs', '2', '--frames', String(frames), '--seed', '1', '--backend', 'wasm', '--json'], {
      log: (s) => stdout.push(s),
      err: (s) => stderr.push(s),
    });
    const last = stdout.at(-1);
    return { code, result: code === 0 && last !== undefined ? JSON.parse(last) : null, stderr: stderr.join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
