/**
 * The training progress line for people at a terminal: agent steps, steps/s, mean return, loss. It
 * redraws at most a few times a second and only when stderr is a TTY.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();
  /** The run's end: a number of agent steps, or of seconds (`train --game --minutes` without --steps). */
  private readonly total: { steps: number } | { seconds: number };

  constructor(
    total: number | { steps: number } | { seconds: number },
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.total = typeof total === 'number' ? { steps: total } : total;
  }

  /** Redraws the line if enough time passed; `seconds` of the run so far, for a run of a set time. */
  update(steps: number, returnMean: number, loss: number, seconds?: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const total = this.total;
    const elapsed = seconds ?? (now - this.started) / 1000;
    const fraction = Math.min('steps' in total ? steps / total.steps : elapsed / total.seconds, 1);
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = steps / Math.max((now - this.started) / 1000, 1e-3);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const ret = Number.isFinite(returnMean) ? returnMean.toFixed(2) : '-';
    const l = Number.isFinite(loss) ? loss.toPrecision(3) : '-';
    const done = 'steps' in total ? `${steps}/${total.steps} steps` : `${steps} steps, ${Math.floor(elapsed)}/${Math.round(total.seconds)} s`;
    this.stream.write(`\r${bar} ${done}  ${rate.toFixed(0)} steps/s  return ${ret}  loss ${l}   `);
  }

  /** Ends the line. */
  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
