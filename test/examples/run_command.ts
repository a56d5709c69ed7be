/**
 * Runs the commands a user runs in an example project (npm, tsc, vite, webpack) and starts its
 * servers, for test/examples/. Not a test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** What a finished command printed, and how it ended. */
export interface CommandResult {
  code: number | null;
  output: string;
  seconds: number;
}

/** The environment a user's shell would have: no npm_* variables leaking from a parent `npm run`. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env.NO_COLOR = '1';
  return env;
}

/** Runs `cmd args` in `cwd`; resolves when it exits (or is killed after `timeoutMs`). Never rejects. */
export function runCommand(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<CommandResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (e) => (output += `\n[spawn error: ${e.message}]`));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** Ends a process this module started, and its children (its own process group). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A long-running server command (vite, vite preview) and what it printed so far. */
export interface RunningServer {
  origin: string;
  output: () => string;
  stop: () => void;
}

/** Starts `cmd args` (it must serve on `port`) and resolves once the origin answers HTTP, or rejects with its output. */
export async function startServerCommand(cmd: string, args: string[], cwd: string, port: number, timeoutMs: number): Promise<RunningServer> {
  const child = spawn(cmd, args, { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${origin}/`);
      if (res.ok) return { origin, output: () => output, stop: () => killGroup(child) };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  killGroup(child);
  throw new Error(`${cmd} ${args.join(' ')} did not answer on ${origin} within ${timeoutMs} ms:\n${output}`);
}
