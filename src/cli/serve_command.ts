/**
 * `pixelpilot serve --game ENTRY --envs N [--port P] [--host H] [--seed S] [--browser PATH]
 * [--token T] [--idle-timeout SECONDS] [--watchdog S] [--random-starts | --noop-max N]
 * [--sticky-actions P]`: N copies of the entry's scene in headless
 * Chromium (the page program's `serve` run, as `train --game` runs them) served as one vector env
 * over TCP (serve_server.ts; the wire: serve_wire.ts, docs/serve-protocol.md). The port is claimed
 * before Chromium starts (a port in use is a usage error); once the copies booted, one JSON line on
 * stdout says where to connect. The game's errors go to the client as ERROR `game` and end the
 * command with the error (exit 1); SIGINT / SIGTERM and the idle timeout close Chromium and exit 0.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../util/rng';
import { UsageError } from '../util/errors';
import { PAGE_PROTOCOL, type PageEvent, type ServePageResult, type ServeRunConfig } from '../game/page/protocol';
import { decodeReply, encodeCommand } from '../game/page/serve_link_codec';
import { parsePositiveInt, parseSeed, parseWatchdog } from './args';
import { findBrowser } from './find_browser';
import { buildGamePage, packageDist } from './game_page';
import { runGamePage } from './page_session';
import { PageSocket } from './page_socket';
import { WATCHDOG_SECONDS } from './run_watchdog';
import { PageLink, type LinkTiming } from './serve_page_link';
import { ServeServer } from './serve_server';
import { SERVE_PROTOCOL } from './serve_wire';
import { START_FLAGS, startFlags, startOptions } from './start_flags';

/** Seconds with no client before the server stops, by default. */
export const IDLE_SECONDS = 60;

/** How long a stopping page may take to end its run before its browser is closed under it, in ms. */
const STOP_GRACE_MS = 3000;

type Out = { log: (s: string) => void; err: (s: string) => void };

/** The line printed on stdout once the server is ready. */
export interface ServeReadyLine {
  port: number;
  host: string;
  num_envs: number;
  protocol: number;
  token_required: boolean;
  /** The token, only when the server made one up (off loopback, none given). */
  token?: string;
}

/** True for a host name or address that stays on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parses `--port`: 0..65535 (0: the system chooses). */
function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new UsageError(`--port must be an integer 0..65535 (0: the system chooses), got '${text}'`);
  return n;
}

/** Parses `--idle-timeout`: seconds >= 0 (0: never). */
function parseIdle(text: string | undefined): number {
  if (text === undefined) return IDLE_SECONDS;
  const n = /^\d{1,6}(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--idle-timeout must be a number of seconds >= 0 (0: never), got '${text}'`);
  return n;
}

/** The token a client must give: --token, else $PIXELPILOT_TOKEN, else (off loopback only) a new one. */
function tokenFor(host: string, given: string | undefined): { token: string | null; generated: boolean } {
  const named = given ?? process.env.PIXELPILOT_TOKEN;
  if (named !== undefined && named !== '') return { token: named, generated: false };
  if (given === '') throw new UsageError('--token must not be empty');
  return isLoopback(host) ? { token: null, generated: false } : { token: randomBytes(24).toString('base64url'), generated: true };
}

/** Listens on host:port; UsageError naming the port or host when that cannot be done. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE'
        ? `port ${port} is in use on ${host} (another server? give another --port, or --port 0 to let the system choose)`
        : e.code === 'EACCES'
          ? `port ${port} on ${host} needs privileges this user lacks (use a port above 1023)`
          : `cannot listen on ${host}:${port} (${e.code ?? e.message}; is --host an address of this machine?)`;
      reject(new UsageError(`serve: ${why}`));
    });
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

/** This package's version, for WELCOME's `server`. */
function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(join(dirname(packageDist()), 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** The figures printed when the server stops: where a request's time went, and the bytes it carried. */
function timingLine(t: LinkTiming, envs: number): string {
  const per = (ms: number): string => (ms / t.requests).toFixed(3);
  return `pixelpilot: served ${t.requests} requests (resets and steps) of ${envs} cop${envs === 1 ? 'y' : 'ies'}; per request: ${per(t.roundTripMs)} ms round trip to the page, ` +
    `${per(t.pageMs)} ms of it in the page, ${per(t.roundTripMs - t.pageMs)} ms on the page link; ${Math.round(t.observationBytes / t.requests)} observation bytes, ${Math.round(t.linkBytes / t.requests)} bytes on the page link`;
}

/** Stops a run on purpose (idle, a signal): not an error of the run. */
class Stopped extends Error {}

/** Runs `pixelpilot serve` until the idle timeout, a signal or the game's error. */
export async function runServe(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      game: { type: 'string' },
      envs: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      browser: { type: 'string' },
      token: { type: 'string' },
      'idle-timeout': { type: 'string' },
      watchdog: { type: 'string' },
      ...START_FLAGS,
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`serve takes no positional arguments (got ${positionals.join(' ')}): give the entry as --game ENTRY`);
  const game = values.game;
  if (game === undefined) throw new UsageError('serve needs --game ENTRY (a training entry module)');
  const envs = values.envs === undefined ? 1 : parsePositiveInt('envs', values.envs);
  // Off unless asked for, as in train --game (serve is how other trainers train).
  const starts = startOptions(startFlags(game, values['random-starts'], values['no-random-starts'], values['noop-max'], values['sticky-actions']));
  const port = parsePort(values.port);
  const host = values.host ?? '127.0.0.1';
  const seed = values.seed === undefined ? null : parseSeed(values.seed, 0);
  const idleSeconds = parseIdle(values['idle-timeout']);
  const watchdog = parseWatchdog(values.watchdog, WATCHDOG_SECONDS);
  const { token, generated } = tokenFor(host, values.token);
  const browser = findBrowser(values.browser);
  // The port first: a port in use is a usage error before Chromium starts.
  const server = createServer();
  const bound = await listen(server, port, host);
  // Clients that connect before the copies are up wait, their bytes buffered, until the server takes them.
  const early: Socket[] = [];
  const hold = (s: Socket): void => void early.push(s);
  server.on('connection', hold);
  const controller = new AbortController();
  const link = new PageLink(watchdog, (e) => controller.abort(e));
  let served: ServeServer | null = null;
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    out.err(`pixelpilot: ${why}: stopping`);
    void served?.stop('shutdown', `the server is stopping (${why})`);
    if (link.idle) link.request({ type: 'stop' }).catch(() => undefined);
    else controller.abort(new Stopped(why));
    setTimeout(() => controller.abort(new Stopped(why)), STOP_GRACE_MS).unref();
  };
  const onSignal = (signal: NodeJS.Signals): void => stop(`${signal} received`);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  // The page link: the page's replies in, the commands out (serve_link_codec.ts).
  const socket = new PageSocket({
    onMessage: (data, binary) => {
      link.timing.linkBytes += data.length;
      if (!binary) return;
      void link.fromPage(decodeReply(data)).then((command) => {
        const text = encodeCommand(command);
        link.timing.linkBytes += text.length;
        socket.send(text);
      });
    },
    onClose: () => link.fail(new Error('the page closed its link to the command')),
  });
  let page: Awaited<ReturnType<typeof buildGamePage>> | null = null;
  try {
    const linkUrl = await socket.listen();
    page = await buildGamePage(game);
    const baseSeed = seed ?? randomInt(2 ** 31);
    // RESETs without a seed: the first takes the copies booted with the server's seed, later ones a stream of it.
    const seeds = new Rng(baseSeed);
    let firstSeed = true;
    const config: ServeRunConfig = { command: 'serve', protocol: PAGE_PROTOCOL, link: linkUrl, envs, seed: baseSeed, ...starts, ...(watchdog > 0 ? { startTimeoutMs: watchdog * 1000 } : {}) };
    const run = runGamePage<ServePageResult>(browser, page, config, {
      watchdogSeconds: 0,
      onEvent: (e: PageEvent) => {
        link.saw(e);
        if (e.type === 'warning') out.err(`pixelpilot: warning: ${e.warning.message}`);
      },
      signal: controller.signal,
      onLaunched: () => link.launched(),
      ownSignals: true,
    });
    run.catch((e: Error) => link.fail(e));
    try {
      const info = await Promise.race([link.ready, run.then(() => Promise.reject(new Error('the page ended before it was ready')))]);
      server.off('connection', hold);
      served = new ServeServer(server, {
        envs,
        info,
        entryPath: game,
        seed,
        token,
        idleSeconds,
        server: `pixelpilot/${packageVersion()}`,
        link,
        nextSeed: () => {
          if (!firstSeed) return seeds.int(2 ** 31);
          firstSeed = false;
          return baseSeed;
        },
        log: out.err,
        onIdle: () => stop(`no client for ${idleSeconds} s`),
      });
      for (const s of early) served.accept(s);
      const ready: ServeReadyLine = { port: bound, host, num_envs: envs, protocol: SERVE_PROTOCOL, token_required: token !== null, ...(generated ? { token: token! } : {}) };
      out.log(JSON.stringify(ready));
      await run;
    } catch (e) {
      if (e instanceof Stopped) return;
      const error = e as Error;
      await served?.stop('game', `${error.name}: ${error.message}`);
      throw error;
    } finally {
      if (link.timing.requests > 0) out.err(timingLine(link.timing, envs));
    }
  } finally {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
    link.close();
    socket.close();
    page?.close();
    server.close();
    for (const s of early) s.destroy();
  }
}
