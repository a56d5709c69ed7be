/**
 * The training progress line for people at a terminal: agent steps, steps/s, mean return, loss. It
 * redraws at most a few times a second and only when stderr is a TTY.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Redraws the line if enough time passed (or `force`). */
  update(steps: number, returnMean: number, loss: number, force = false): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const fraction = Math.min(steps / this.total, 1);
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = steps / Math.max((now - this.started) / 1000, 1e-3);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const ret = Number.isFinite(returnMean) ? returnMean.toFixed(2) : '-';
    const l = Number.isFinite(loss) ? loss.toPrecision(3) : '-';
    this.stream.write(`\r${bar} ${steps}/${this.total} steps  ${rate.toFixed(0)} steps/s  return ${ret}  loss ${l}   `);
  }

  /** Ends the line. */
  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
