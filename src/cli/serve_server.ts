/**
 * The TCP side of `pixelpilot serve` (docs/serve-protocol.md): one client at a time (a second one
 * gets ERROR `busy`), the HELLO / WELCOME handshake (protocol version, the token when one is
 * required), then RESET / STEP / CLOSE carried to the page (serve_page_link.ts). A client that breaks
 * the protocol gets an ERROR naming what was wrong, its connection closes, and the reason is logged
 * as `pixelpilot: ...`; the server goes on for the next client. A client that leaves frees the
 * copies; with no client for the idle timeout, `onIdle` runs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import { ServeError, type ServeErrorCode } from '../util/errors';
import type { ServeInfo } from '../game/page/protocol';
import { errorFrame, FrameReader, jsonFrame, MESSAGE, obsFrame, readActions, readJsonObject, SERVE_PROTOCOL, stepResultFrame, type Frame } from './serve_wire';
import type { PageLink } from './serve_page_link';

/** How long a closed connection may keep sending before it is cut (its ERROR is read first). */
const LINGER_MS = 2000;
/** How long stopping waits for the last ERRORs to be written. */
const FLUSH_MS = 500;
/** How long a connection may take to send its HELLO (a silent one would otherwise hold the server). */
const HELLO_MS = 10_000;

/** What the server tells clients and how it behaves. */
export interface ServeServerOptions {
  envs: number;
  info: ServeInfo;
  /** The entry's path as given on the command line. */
  entryPath: string;
  /** The server's --seed (WELCOME's `seed`), or null. */
  seed: number | null;
  /** The token a HELLO must carry, or null when none is required. */
  token: string | null;
  /** Seconds with no client before `onIdle` (0: never). */
  idleSeconds: number;
  /** `pixelpilot/<version>`. */
  server: string;
  link: PageLink;
  /** The seed of a RESET without one. */
  nextSeed: () => number;
  /** One line for stderr. */
  log: (line: string) => void;
  onIdle: () => void;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(MESSAGE).map(([k, v]) => [v, k]));

/** True when `given` is the token (compared in constant time). */
function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The WELCOME message's JSON. */
export function welcome(o: Pick<ServeServerOptions, 'envs' | 'info' | 'entryPath' | 'seed' | 'server'>): Record<string, unknown> {
  const { layout, decisionPeriod, maxStep, randomStarts, stickyActions } = o.info;
  return {
    protocol: SERVE_PROTOCOL,
    server: o.server,
    num_envs: o.envs,
    observation: { shape: layout.shape, dtype: 'uint8', low: 0, high: 255, width: layout.width, height: layout.height, grayscale: layout.grayscale, frame_stack: layout.frameStack },
    actions: { n: layout.actions.length, names: layout.actions, noop: layout.noop },
    entry: { path: o.entryPath, decision_period: decisionPeriod, max_step: maxStep },
    seed: o.seed,
    random_starts: randomStarts,
    sticky_actions: stickyActions,
  };
}

/** Serves the page's copies to one client at a time on `server` (already listening). */
export class ServeServer {
  private active: Connection | null = null;
  private readonly all = new Set<Connection>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly server: Server, readonly options: ServeServerOptions) {
    server.on('connection', (socket) => this.accept(socket));
    this.idle();
  }

  /**
   * Ends every connection with ERROR `code` (the game failed, or the server stops) and stops
   * listening; resolves once those ERRORs were written (at most FLUSH_MS later).
   */
  stop(code: ServeErrorCode, message: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.server.close();
    const written = [...this.all].map((c) => c.refuse(new ServeError(code, message), false));
    return Promise.race([Promise.all(written).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, FLUSH_MS).unref())]);
  }

  /** A connection ended (closed, or refused: its slot is free at once, before its socket closes). */
  left(c: Connection): void {
    if (this.active !== c) return;
    this.active = null;
    this.options.log(`pixelpilot: client ${c.peer} left${c.wasReset ? '; its copies are freed' : ''}`);
    if (c.wasReset && !this.stopped) this.options.link.request({ type: 'release' }).catch(() => undefined);
    this.idle();
  }

  /** Takes a client's connection (the server's 'connection' events, or ones held while the copies booted). */
  accept(socket: Socket): void {
    if (socket.destroyed) return;
    socket.setNoDelay(true);
    const c = new Connection(socket, this);
    this.all.add(c);
    if (this.stopped) {
      void c.refuse(new ServeError('shutdown', 'the server is stopping'), false);
      return;
    }
    if (this.active !== null) {
      void c.refuse(new ServeError('busy', `another client (${this.active.peer}) is connected; one client at a time`));
      return;
    }
    this.active = c;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** A connection's socket closed. */
  forget(c: Connection): void {
    this.all.delete(c);
  }

  /** Starts the idle countdown (no client). */
  private idle(): void {
    const s = this.options.idleSeconds;
    if (s <= 0 || this.stopped) return;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.active === null && !this.stopped) this.options.onIdle();
    }, s * 1000);
  }
}

/** One client connection: frames in, handled one at a time, in order. */
class Connection {
  readonly peer: string;
  wasReset = false;
  private greeted = false;
  private closed = false;
  private busy = false;
  private readonly reader = new FrameReader();
  private readonly queue: Frame[] = [];

  constructor(private readonly socket: Socket, private readonly server: ServeServer) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    setTimeout(() => {
      if (!this.greeted) void this.refuse(new ServeError('bad-message', `no HELLO within ${HELLO_MS / 1000} s`));
    }, HELLO_MS).unref();
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      try {
        this.queue.push(...this.reader.push(chunk));
      } catch (e) {
        void this.refuse(e as ServeError);
        return;
      }
      void this.pump();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      server.forget(this);
      server.left(this);
    });
  }

  /** Sends ERROR and closes (resolves once it was written); logged as the reason unless `log` is false. */
  refuse(e: ServeError, log = true): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    if (log) this.server.options.log(`pixelpilot: closed the connection of ${this.peer}: ${e.wireCode}: ${e.message}`);
    this.server.left(this);
    // Half-close: the client reads the ERROR; what it still sends is read and dropped until it closes too.
    const written = new Promise<void>((resolve) => this.socket.end(errorFrame(e.wireCode, e.message), () => resolve()));
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
    return written;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const f = this.queue.shift()!;
        try {
          await this.handle(f);
        } catch (e) {
          // The page's failures end the server (serve_command.ts tells the client); a protocol error ends this connection.
          if (e instanceof ServeError) await this.refuse(e);
          else this.queue.length = 0;
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private send(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  private async handle(f: Frame): Promise<void> {
    const o = this.server.options;
    if (!this.greeted) {
      if (f.type !== MESSAGE.HELLO) throw new ServeError('bad-message', `the first message must be HELLO (type 1), got ${describeType(f.type)}`);
      this.hello(readJsonObject(f.payload, 'HELLO'));
      return;
    }
    switch (f.type) {
      case MESSAGE.RESET: {
        const seed = readJsonObject(f.payload, 'RESET').seed;
        if (seed !== undefined && seed !== null && !(typeof seed === 'number' && Number.isSafeInteger(seed))) {
          throw new ServeError('bad-message', `RESET: seed must be an integer or null, got ${JSON.stringify(seed)}`);
        }
        const reply = await o.link.request({ type: 'reset', seed: seed ?? o.nextSeed() });
        if (reply.type !== 'obs') throw new Error(`the page answered a reset with '${reply.type}'`);
        this.wasReset = true;
        this.send(obsFrame({}, reply.observations));
        return;
      }
      case MESSAGE.STEP: {
        if (!this.wasReset) throw new ServeError('not-reset', 'STEP before the first RESET of this connection');
        const actions = readActions(f.payload, o.envs);
        const names = o.info.layout.actions;
        actions.forEach((a, i) => {
          if (a < 0 || a >= names.length) throw new ServeError('bad-action', `env ${i}: action ${a} is not one of 0..${names.length - 1} (${names.join(', ')})`);
        });
        const reply = await o.link.request({ type: 'step', actions });
        if (reply.type !== 'step') throw new Error(`the page answered a step with '${reply.type}'`);
        this.send(stepResultFrame({ ...reply, infos: { episode_return: reply.episodeReturn, episode_length: reply.episodeLength } }));
        return;
      }
      case MESSAGE.CLOSE:
        if (f.payload.length !== 0) throw new ServeError('bad-message', `CLOSE carries no payload, got ${f.payload.length} bytes`);
        this.closed = true;
        this.server.left(this);
        this.socket.end();
        return;
      case MESSAGE.HELLO:
        throw new ServeError('bad-message', 'HELLO again after the handshake');
      case MESSAGE.ERROR:
        this.server.options.log(`pixelpilot: client ${this.peer} sent an error: ${f.payload.toString('utf8').slice(0, 500)}`);
        this.closed = true;
        this.server.left(this);
        this.socket.end();
        return;
      default:
        throw new ServeError('bad-message', `${describeType(f.type)} is not a message a client sends`);
    }
  }

  private hello(h: Record<string, unknown>): void {
    const o = this.server.options;
    if (typeof h.protocol !== 'number') throw new ServeError('bad-message', `HELLO: protocol must be a number, got ${JSON.stringify(h.protocol)}`);
    if (h.protocol !== SERVE_PROTOCOL) throw new ServeError('protocol-version', `this server speaks protocol ${SERVE_PROTOCOL}, the client ${h.protocol}`);
    if (o.token !== null && !sameToken(h.token, o.token)) {
      throw new ServeError('bad-token', h.token === null || h.token === undefined ? 'this server requires a token (off loopback); HELLO carried none' : 'wrong token');
    }
    this.greeted = true;
    this.send(jsonFrame(MESSAGE.WELCOME, welcome(o)));
    o.log(`pixelpilot: client ${this.peer} connected${typeof h.client === 'string' ? ` (${h.client.slice(0, 100)})` : ''}`);
  }
}

function describeType(type: number): string {
  const name = TYPE_NAMES[type];
  return name === undefined ? `unknown message type ${type}` : `${name} (type ${type})`;
}
