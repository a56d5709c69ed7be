/**
 * Node's end of a serving page's commands and replies (protocol.ts: ServeCommand / ServeReply,
 * carried by the page link, page_socket.ts): the page sends its reply and waits for the next
 * command, so Node holds the page's turn until it has a command, and a request resolves when the
 * page's next reply comes. Requests run one
 * at a time, in order. A request that stands still for the watchdog's seconds (no word from the
 * page, or a frozen page) fails the run with the watchdog's report (run_watchdog.ts); the time
 * each request spent in the page and on the way is counted.
 */
import { performance } from 'node:perf_hooks';
import type { GameError } from '../util/errors';
import type { PageEvent, ServeCommand, ServeInfo, ServeReply } from '../game/page/protocol';
import { RunWatchdog } from './run_watchdog';

/** How often a pending request's watchdog is checked, in ms. */
const CHECK_MS = 250;

/** Where a served step's time went, in ms, summed over the requests. */
export interface LinkTiming {
  /** Requests answered ('reset' and 'step'). */
  requests: number;
  /** Wall-clock ms from sending a command to its reply. */
  roundTripMs: number;
  /** Of that, ms the page spent on the commands (stepping, reading, booting). */
  pageMs: number;
  /** Observation bytes the page sent. */
  observationBytes: number;
  /** Bytes on the page link, both ways. */
  linkBytes: number;
}

type Waiter = { resolve: (r: ServeReply) => void; reject: (e: Error) => void };

/** The link to one serving page. */
export class PageLink {
  /** Resolves with the page's 'ready' (the entry as served). */
  readonly ready: Promise<ServeInfo>;
  readonly timing: LinkTiming = { requests: 0, roundTripMs: 0, pageMs: 0, observationBytes: 0, linkBytes: 0 };
  private resolveReady!: (info: ServeInfo) => void;
  /** The page's pending call, waiting for a command. */
  private pageWaiting: ((c: ServeCommand) => void) | null = null;
  /** The request waiting for the page's reply. */
  private pending: (Waiter & { sent: number }) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;
  private watchdog: RunWatchdog | null;
  /** The page's last progress event: a request's watchdog starts from it (what the page last said it was doing). */
  private lastProgress: PageEvent | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  /** `seconds`: how long a request (or the boot before 'ready', from `launched()`) may stand still (0: forever); `onStall` gets the watchdog's error. */
  constructor(private readonly seconds: number, onStall: (e: GameError) => void) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.watchdog = null;
    this.timer = setInterval(() => {
      const stalled = this.watchdog?.check() ?? null;
      if (stalled !== null) {
        this.watchdog = null;
        onStall(stalled);
      }
    }, CHECK_MS);
    this.timer.unref();
  }

  /** The browser runs: the page's loading and the copies' boot are watched until 'ready'. */
  launched(): void {
    if (this.seconds > 0 && this.lastProgress === null) this.watchdog = new RunWatchdog(this.seconds);
  }

  /** True while no request is pending or queued. */
  get idle(): boolean {
    return this.pending === null && this.pageWaiting !== null;
  }

  /** The page's events (its heartbeat feeds the watchdog). */
  saw(e: PageEvent): void {
    if (e.type === 'progress') this.lastProgress = e;
    this.watchdog?.saw(e);
  }

  /** The page's reply to the last command; resolves with the next one. */
  fromPage(reply: ServeReply): Promise<ServeCommand> {
    this.watchdog = null;
    if (reply.type === 'ready') this.resolveReady(reply.info);
    else {
      const p = this.pending;
      this.pending = null;
      if (p !== null) {
        if (reply.type === 'obs' || reply.type === 'step') {
          this.timing.requests++;
          this.timing.roundTripMs += performance.now() - p.sent;
          this.timing.pageMs += reply.pageMs ?? 0;
          this.timing.observationBytes += reply.observations.length;
        }
        p.resolve(reply);
      }
    }
    return new Promise((resolve) => (this.pageWaiting = resolve));
  }

  /** Sends `command` once the requests before it were answered; resolves with the page's reply. */
  request(command: ServeCommand): Promise<ServeReply> {
    const next = this.queue.then(() => this.send(command));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The run failed: pending and later requests reject with `e`. */
  fail(e: Error): void {
    this.failure ??= e;
    this.pending?.reject(e);
    this.pending = null;
  }

  /** Stops the watchdog's timer. */
  close(): void {
    clearInterval(this.timer);
  }

  private send(command: ServeCommand): Promise<ServeReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const give = this.pageWaiting;
    if (give === null) return Promise.reject(new Error('the serving page is not waiting for a command'));
    this.pageWaiting = null;
    return new Promise<ServeReply>((resolve, reject) => {
      this.pending = { resolve, reject, sent: performance.now() };
      if (this.seconds > 0) {
        this.watchdog = new RunWatchdog(this.seconds);
        if (this.lastProgress !== null) this.watchdog.saw(this.lastProgress);
      }
      give(command);
    });
  }
}
