/**
 * A small client of `pixelpilot serve`'s wire protocol, written from docs/serve-protocol.md for the
 * tests and the benchmark (not part of the package): frames over one TCP connection, HELLO /
 * WELCOME, RESET -> OBS, STEP -> STEP_RESULT, CLOSE, and ERROR as a rejection (ServeClientError).
 * Also `startServer`: `node dist/cli.js serve ...` as a child process, resolved with its ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

export const TYPE = { HELLO: 1, WELCOME: 2, RESET: 3, OBS: 4, STEP: 5, STEP_RESULT: 6, CLOSE: 7, ERROR: 255 } as const;

/** An ERROR message the server sent (or the connection's end). */
export class ServeClientError extends Error {
  /** `detail`: the ERROR's message. */
  constructor(readonly code: string, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

export interface Welcome {
  protocol: number;
  server: string;
  num_envs: number;
  observation: { shape: [number, number, number]; dtype: string; low: number; high: number; width: number; height: number; grayscale: boolean; frame_stack: number };
  actions: { n: number; names: string[]; noop: string | null };
  entry: { path: string; decision_period: number; max_step: number | null };
  seed: number | null;
  random_starts: { noops: number } | false;
  sticky_actions: number;
}

export interface Obs {
  infos: Record<string, unknown>;
  observations: Uint8Array;
}

export interface StepResult {
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos: { episode_return: (number | null)[]; episode_length: (number | null)[] };
  observations: Uint8Array;
  /** The STEP_RESULT frame's size in bytes, length field included. */
  bytes: number;
}

/** A frame: u32 LE length (1 + payload), u8 type, payload. */
export function encodeFrame(type: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.alloc(5 + payload.length);
  out.writeUInt32LE(1 + payload.length, 0);
  out[4] = type;
  out.set(payload, 5);
  return out;
}

/** One connection to a server. */
export class ServeClient {
  private buffer: Buffer = Buffer.alloc(0);
  private frames: { type: number; payload: Buffer }[] = [];
  private waiting: (() => void) | null = null;
  private ended = false;
  welcome: Welcome | null = null;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readUInt32LE(0)) {
        const n = this.buffer.readUInt32LE(0);
        this.frames.push({ type: this.buffer[4]!, payload: this.buffer.subarray(5, 4 + n) });
        this.buffer = this.buffer.subarray(4 + n);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Connects (no handshake). */
  static open(port: number, host = '127.0.0.1'): Promise<ServeClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new ServeClient(s)));
      s.once('error', reject);
    });
  }

  /** Connects and shakes hands; resolves with the client (its `welcome` set). */
  static async connect(port: number, options: { host?: string; token?: string | null; protocol?: number } = {}): Promise<ServeClient> {
    const c = await ServeClient.open(port, options.host);
    await c.hello(options.token ?? null, options.protocol ?? 1);
    return c;
  }

  /** True once the server closed the connection. */
  get closed(): boolean {
    return this.ended;
  }

  send(type: number, payload?: Uint8Array): void {
    this.socket.write(encodeFrame(type, payload));
  }

  sendJson(type: number, value: unknown): void {
    this.send(type, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** The next frame; an ERROR frame rejects with ServeClientError, a closed connection with code 'closed'. */
  async next(): Promise<{ type: number; payload: Buffer }> {
    for (;;) {
      const f = this.frames.shift();
      if (f !== undefined) {
        if (f.type === TYPE.ERROR) {
          const e = JSON.parse(f.payload.toString('utf8')) as { code: string; message: string };
          throw new ServeClientError(e.code, e.message);
        }
        return f;
      }
      if (this.ended) throw new ServeClientError('closed', 'the server closed the connection');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  async hello(token: string | null, protocol = 1): Promise<Welcome> {
    this.sendJson(TYPE.HELLO, { protocol, token, client: 'pixelpilot-test' });
    const f = await this.expect(TYPE.WELCOME);
    return (this.welcome = JSON.parse(f.payload.toString('utf8')) as Welcome);
  }

  async reset(seed: number | null = null): Promise<Obs> {
    this.sendJson(TYPE.RESET, { seed });
    const f = await this.expect(TYPE.OBS);
    const n = f.payload.readUInt32LE(0);
    return { infos: JSON.parse(f.payload.subarray(4, 4 + n).toString('utf8')) as Record<string, unknown>, observations: new Uint8Array(f.payload.subarray(4 + n)) };
  }

  /** Sends STEP with `actions` (i32 each). */
  sendStep(actions: readonly number[]): void {
    const p = Buffer.alloc(4 * actions.length);
    actions.forEach((a, i) => p.writeInt32LE(a, 4 * i));
    this.send(TYPE.STEP, p);
  }

  async step(actions: readonly number[]): Promise<StepResult> {
    this.sendStep(actions);
    return this.readStepResult(actions.length);
  }

  async readStepResult(n: number): Promise<StepResult> {
    const f = await this.expect(TYPE.STEP_RESULT);
    const p = f.payload;
    const rewards = new Float32Array(n);
    for (let i = 0; i < n; i++) rewards[i] = p.readFloatLE(4 * i);
    const terminated = new Uint8Array(p.subarray(4 * n, 5 * n));
    const truncated = new Uint8Array(p.subarray(5 * n, 6 * n));
    const jl = p.readUInt32LE(6 * n);
    const infos = JSON.parse(p.subarray(6 * n + 4, 6 * n + 4 + jl).toString('utf8')) as StepResult['infos'];
    return { rewards, terminated, truncated, infos, observations: new Uint8Array(p.subarray(6 * n + 4 + jl)), bytes: 5 + p.length };
  }

  /** Sends CLOSE and waits for the server to close the connection. */
  async close(): Promise<void> {
    this.send(TYPE.CLOSE);
    await this.untilClosed();
  }

  /** Resolves once the connection is closed. */
  async untilClosed(): Promise<void> {
    while (!this.ended) await new Promise<void>((resolve) => (this.waiting = resolve));
  }

  /** Cuts the connection without a word. */
  destroy(): void {
    this.socket.destroy();
  }

  private async expect(type: number): Promise<{ type: number; payload: Buffer }> {
    const f = await this.next();
    if (f.type !== type) throw new Error(`expected message type ${type}, got ${f.type}`);
    return f;
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}

/** A running `pixelpilot serve` child process. */
export interface ServerProcess {
  child: ChildProcess;
  /** Its ready line. */
  ready: { port: number; host: string; num_envs: number; protocol: number; token_required: boolean; token?: string };
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves with its exit code once it exited. */
  exited: Promise<number | null>;
}

/** Starts `node dist/cli.js serve ...args`; resolves once it printed its ready line (rejects when it exits first or after `timeoutMs`). */
export function startServer(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not get ready within ${options.timeoutMs ?? 60_000} ms\n${err}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line) as ServerProcess['ready'], stderr: () => err, exited });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}
