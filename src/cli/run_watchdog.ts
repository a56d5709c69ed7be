/**
 * The watchdog of `train|eval --game`: the page sends its progress several times a second
 * (protocol.ts); when the run stops moving for `--watchdog` seconds (no decision while it runs, no
 * step forward while it loads, boots or starts, or no word at all from a frozen page) the command
 * stops it with a GameError saying what it last saw: the phase, whether the copies booted and every
 * scene's create() ran, frames, decisions, what done() last returned, and the last event.
 */
import { GameError } from '../util/errors';
import type { PageEvent, PageProgress } from '../game/page/protocol';

/** Seconds without progress before the command stops a run, by default. */
export const WATCHDOG_SECONDS = 30;

/** What each phase is doing, for the report. */
const DOING: Record<PageProgress['phase'], string> = {
  loading: 'loading the training entry',
  agent: 'making the agent (createAgent / loadAgent)',
  demonstrations: 'pre-training on the demonstrations',
  booting: "booting the copies' Phaser games",
  starting: "waiting for the scenes' create() (assets loading?)",
  running: 'running',
  closing: 'sending the last steps to the worker',
  done: 'finishing',
  exporting: 'exporting the policy file',
};

/** Watches a run's events; `check()` says when it stopped moving. */
export class RunWatchdog {
  private progress: PageProgress | null = null;
  private event: PageEvent | null = null;
  private heard: number;
  private moved: number;
  private key = '';

  /** `seconds`: how long the run may stand still (0: forever). */
  constructor(readonly seconds: number, private readonly now: () => number = Date.now) {
    this.heard = this.moved = now();
  }

  /** Takes one event of the page. */
  saw(e: PageEvent): void {
    const t = this.now();
    this.heard = t;
    if (e.type !== 'progress') {
      this.event = e;
      return;
    }
    const p = e.progress;
    this.progress = p;
    // While it runs, a decision is progress; before, any step forward (a copy booted, a scene created, a frame).
    const key = p.phase === 'running' ? `running ${p.decisions}` : `${p.phase} ${p.booted} ${p.created} ${p.frames} ${p.pretrained}`;
    if (key !== this.key) {
      this.key = key;
      this.moved = t;
    }
  }

  /** A GameError (stage 'stalled') once the run stood still for `seconds`, else null. */
  check(): GameError | null {
    if (this.seconds <= 0 || this.now() - this.moved < this.seconds * 1000) return null;
    return new GameError('stalled', this.report());
  }

  /** What the watchdog last saw, in a few lines. */
  report(): string {
    const t = this.now();
    const p = this.progress;
    const head = p === null
      ? `the page never reported (${this.seconds} s, --watchdog ${this.seconds}; 0 turns it off)`
      : p.phase === 'running'
        ? `no decision for ${this.seconds} s (--watchdog ${this.seconds}; 0 turns it off)`
        : `no progress for ${this.seconds} s while ${DOING[p.phase]} (--watchdog ${this.seconds}; 0 turns it off)`;
    const silent = (t - this.heard) / 1000;
    const lines = [
      silent > 2
        ? `the page has not answered for ${silent.toFixed(1)} s: it is frozen (an endless loop in the game?)`
        : `the page still answers (last heard ${silent.toFixed(1)} s ago)`,
    ];
    if (p !== null) {
      const created = p.created === p.copies && p.copies > 0 ? "every scene's create() ran" : `${p.created} of ${p.copies} scenes' create() ran`;
      lines.push(`what it last saw, ${p.seconds.toFixed(1)} s into the run: phase ${p.phase}; ${p.booted} of ${p.copies} copies booted; ${created}; ${p.frames} frames stepped; ${p.decisions} decisions; ${p.steps} agent steps`);
      lines.push(`done() last returned: ${p.lastDone.length === 0 ? 'not called' : p.lastDone.map((d) => (d === null ? 'not called' : String(d))).join(', ')}${p.lastDone.length > 1 ? ' (copies 0, 1, ...)' : ''}`);
    }
    lines.push(`last event: ${this.event === null ? 'none' : describeEvent(this.event)}`);
    return `${head}\n  ${lines.join('\n  ')}`;
  }
}

function describeEvent(e: PageEvent): string {
  switch (e.type) {
    case 'step': return `agent step ${e.steps}, ${e.seconds.toFixed(1)} s into stepping`;
    case 'episode': return `an episode ended (return ${e.return}, ${e.length} decisions)`;
    case 'train': return `a training round (loss ${e.loss.toPrecision(3)})`;
    case 'warning': return `warning: ${e.warning.message}`;
    case 'progress': return 'progress';
  }
}
