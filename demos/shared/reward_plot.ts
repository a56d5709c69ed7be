/**
 * A small canvas plot of episode returns: each return a dot, their moving average a line. Keeps
 * the last MAX_POINTS returns so a demo left running for hours neither slows down nor grows.
 */

/** Returns kept and drawn. */
const MAX_POINTS = 2000;

/** Episode returns drawn on one canvas. */
export class RewardPlot {
  private returns: number[] = [];
  private averages: number[] = [];
  private sum = 0;
  private dirty = true;

  /** `window`: episodes in the moving average. */
  constructor(private readonly canvas: HTMLCanvasElement, private readonly window: number) {}

  /** Adds one episode's return (drawn at the next `draw`). */
  add(ret: number): void {
    this.returns.push(ret);
    this.sum += ret;
    const n = this.returns.length;
    if (n > this.window) this.sum -= this.returns[n - 1 - this.window]!;
    this.averages.push(this.sum / Math.min(n, this.window));
    if (n > MAX_POINTS) {
      // The running sum only needs the last `window` returns, which stay.
      this.returns.shift();
      this.averages.shift();
    }
    this.dirty = true;
  }

  /** Forgets every return. */
  clear(): void {
    this.returns = [];
    this.averages = [];
    this.sum = 0;
    this.dirty = true;
  }

  /** Redraws if something changed since the last draw. */
  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    const n = this.returns.length;
    if (n === 0) {
      ctx.fillStyle = '#666';
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillText('no episode yet', 8, height / 2);
      return;
    }
    let lo = Math.min(...this.returns);
    let hi = Math.max(...this.returns);
    if (hi - lo < 1e-6) {
      lo -= 1;
      hi += 1;
    }
    const pad = 8;
    const x = (i: number): number => pad + (n === 1 ? 0 : (i * (width - 2 * pad)) / (n - 1));
    const y = (v: number): number => height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo);
    if (lo < 0 && hi > 0) {
      ctx.strokeStyle = '#333';
      ctx.beginPath();
      ctx.moveTo(0, y(0));
      ctx.lineTo(width, y(0));
      ctx.stroke();
    }
    ctx.fillStyle = 'rgba(120, 170, 255, 0.6)';
    for (let i = 0; i < n; i++) ctx.fillRect(x(i) - 1.5, y(this.returns[i]!) - 1.5, 3, 3);
    ctx.strokeStyle = '#ffb347';
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < n; i++) (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, x(i), y(this.averages[i]!));
    ctx.stroke();
    ctx.fillStyle = '#888';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(hi.toFixed(1), width - 28, 12);
    ctx.fillText(lo.toFixed(1), width - 28, height - 2);
  }
}
