/**
 * Runs the `pixelpilot` command and collects what it prints, the one way every CLI test does:
 * `cli(...)` in-process on the sources, `cliProcess([...])` as users run it, the built
 * `node dist/cli.js` as a child process (`npm test` builds dist/ first; the `--game` paths need it,
 * since they bundle dist/game_page.js from beside the command).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main';

/** How one run of the command went. */
export interface CliRun {
  code: number;
  /** stdout, one line each. */
  stdout: string[];
  /** stderr, as one text. */
  stderr: string;
  /** The `--json` line parsed (when the run succeeded and printed one), else null. */
  json: any;
  /** Wall-clock ms the run took. */
  ms: number;
}

const parsed = (code: number, stdout: string[]): unknown => {
  const last = stdout.at(-1);
  return code === 0 && last?.startsWith('{') ? JSON.parse(last) : null;
};

/** Runs the command in-process (the sources, as the test bundle has them). */
export async function cli(...args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const t0 = performance.now();
  const code = await main(args, { log: (s) => stdout.push(s), err: (s) => stderr.push(s) });
  return { code, stdout, stderr: stderr.join('\n'), json: parsed(code, stdout), ms: performance.now() - t0 };
}

/** The built command (the runner's working directory is the repository root). */
export const BIN = join(process.cwd(), 'dist', 'cli.js');

/** Options of cliProcess. */
export interface CliProcessOptions {
  /** Kill the command after this many ms and reject, with what it printed (default 120,000). */
  timeoutMs?: number;
  /** Called with each chunk of stderr as it comes. */
  onStderr?: (text: string) => void;
  /** The working directory (default: the runner's, the repository root). */
  cwd?: string;
}

/** Runs `node dist/cli.js ...args` as a child process; rejects when it does not exit within `timeoutMs`. */
export function cliProcess(args: string[], options: CliProcessOptions = {}): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    options.onStderr?.(s);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pixelpilot ${args.join(' ')} did not exit within ${options.timeoutMs ?? 120_000} ms\nstdout:\n${out}\nstderr:\n${err}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = out.split('\n').filter((l) => l !== '');
      resolve({ code: code ?? -1, stdout, stderr: err.trimEnd(), json: parsed(code ?? -1, stdout), ms: performance.now() - t0 });
    });
  });
}
