/**
 * Runs Debian's python3 on the Python client (python/pixelpilot_gym, PYTHONPATH=python) and the
 * Python tests beside this file, the one way every test of the client does; no bytecode is written
 * into the source folders.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's python3 (with python3-numpy, python3-torch) when present, else the first on PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** How one Python run went: its exit code (null when killed), output, and wall-clock ms. */
export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `python3 ARGS` in the repository root with PYTHONPATH=python:test/python; kills it after
 * `timeoutMs`. Resolves (never rejects on a failed run); `env` adds environment variables.
 */
export function runPython(args: readonly string[], timeoutMs: number, env: Record<string, string> = {}): Promise<PythonRun> {
  const root = process.cwd();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: { ...process.env, PYTHONPATH: [join(root, 'python'), join(root, 'test/python')].join(':'), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** `python3 -m unittest -v MODULES`: asserts nothing itself; returns the run and how many tests ran. */
export async function runUnittest(modules: readonly string[], timeoutMs: number, env: Record<string, string> = {}): Promise<PythonRun & { ran: number }> {
  const r = await runPython(['-X', 'dev', '-m', 'unittest', '-v', ...modules], timeoutMs, env);
  const ran = Number(/^Ran (\d+) tests? in/m.exec(r.stderr)?.[1] ?? 0);
  return { ...r, ran };
}
