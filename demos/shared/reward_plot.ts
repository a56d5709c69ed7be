/**
 * The dashboard's learning curve on a canvas: each episode's return a dot and their moving average
 * a line, against agent steps (the x axis), for real-time and fast training alike. The numbers come
 * from learning_curve.ts; this file only draws them, at most MAX_DRAWN of them, and keeps what it
 * drew last (`drawn`) so a browser test can read the plotted points.
 */
import { curveScale, downsample, LearningCurve, type CurvePoint } from './learning_curve';

/** Episodes kept (older ones thinned, see LearningCurve): hours of play stay cheap. */
const MAX_KEPT = 4000;
/** Points drawn per redraw: more than the canvas has pixels across is wasted work. */
const MAX_DRAWN = 720;

/** Episode returns against agent steps, drawn on one canvas. */
export class RewardPlot {
  private readonly curve: LearningCurve;
  private dirty = true;
  private lastDrawn: readonly CurvePoint[] = [];
  private readonly marks: { step: number; label: string }[] = [];

  /** `window`: episodes in the moving average. */
  constructor(private readonly canvas: HTMLCanvasElement, window: number) {
    this.curve = new LearningCurve(window, MAX_KEPT);
  }

  /** Adds one episode, ended at agent step `step` with return `ret` (drawn at the next `draw`). */
  add(step: number, ret: number): void {
    this.curve.add(step, ret);
    this.dirty = true;
  }

  /** Marks agent step `step` with a vertical line and `label` (e.g. where cloning ended and RL began). */
  mark(step: number, label: string): void {
    this.marks.push({ step, label });
    this.dirty = true;
  }

  /** The marks, in the order they were made. */
  get markers(): readonly { step: number; label: string }[] {
    return this.marks;
  }

  /** Forgets every episode and mark. */
  clear(): void {
    this.curve.clear();
    this.marks.length = 0;
    this.dirty = true;
  }

  /** The points drawn last (step, return, moving average), oldest first. */
  get drawn(): readonly CurvePoint[] {
    return this.lastDrawn;
  }

  /** Redraws if something changed since the last draw. */
  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const points = downsample(this.curve.points, MAX_DRAWN);
    this.lastDrawn = points;
    this.canvas.dataset.episodes = String(this.curve.episodes);
    this.canvas.dataset.lastStep = String(points.at(-1)?.step ?? 0);
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    if (points.length === 0 && this.marks.length === 0) {
      ctx.fillStyle = '#666';
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillText('no episode yet', 8, height / 2);
      return;
    }
    // A strip on the left for the return labels, one at the bottom for the step labels.
    const left = 30;
    const bottom = 14;
    // The x axis reaches the last mark too (a mark made before the next episode ends).
    const lastMark = Math.max(0, ...this.marks.map((m) => m.step));
    const tail = points.at(-1) ?? { step: 0, ret: 0, average: 0 };
    const s = curveScale(lastMark > tail.step ? [...points, { ...tail, step: lastMark }] : points, width - left, height - bottom, 6);
    const [lo, hi] = s.returns;
    const x = (step: number): number => left + s.x(step);
    if (lo < 0 && hi > 0) {
      ctx.strokeStyle = '#333';
      ctx.beginPath();
      ctx.moveTo(left, s.y(0));
      ctx.lineTo(width, s.y(0));
      ctx.stroke();
    }
    for (const m of this.marks) {
      ctx.strokeStyle = '#7fdf7f';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x(m.step), 0);
      ctx.lineTo(x(m.step), height - bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#7fdf7f';
      ctx.textAlign = 'left';
      ctx.fillText(m.label, Math.min(x(m.step) + 3, width - 110), height - bottom - 4);
    }
    ctx.fillStyle = 'rgba(120, 170, 255, 0.6)';
    for (const p of points) ctx.fillRect(x(p.step) - 1.5, s.y(p.ret) - 1.5, 3, 3);
    ctx.strokeStyle = '#ffb347';
    ctx.lineWidth = 2;
    ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, x(p.step), s.y(p.average)));
    ctx.stroke();
    ctx.fillStyle = '#888';
    ctx.textAlign = 'right';
    ctx.fillText(hi.toFixed(1), left - 4, s.y(hi) + 4);
    ctx.fillText(lo.toFixed(1), left - 4, s.y(lo) + 4);
    ctx.fillText(`${formatSteps(s.steps[1])} agent steps`, width - 4, height - 2);
    ctx.textAlign = 'left';
    ctx.fillText('0', x(0) - 3, height - 2);
  }
}

/** 12000 -> '12k', 950 -> '950'. */
function formatSteps(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));
}
