/**
 * `--plot FILE.svg`: the learning curve as a picture: every episode's return (dots) and its moving
 * average (a line) against agent steps. Plain SVG text, no library.
 */

/** One finished episode: agent steps when it ended, and its return. */
export interface ReturnPoint {
  step: number;
  return: number;
}

const W = 640;
const H = 360;
const PAD = { left: 56, right: 16, top: 28, bottom: 40 };

/** Moving average of the last `window` returns at each episode. */
export function movingAverage(values: readonly number[], window: number): number[] {
  let sum = 0;
  return values.map((v, i) => {
    sum += v;
    if (i >= window) sum -= values[i - window]!;
    return sum / Math.min(i + 1, window);
  });
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** The SVG text of the curve; `window` is the moving average's length (default 100). */
export function learningCurveSvg(points: readonly ReturnPoint[], title: string, window = 100): string {
  const xs = points.map((p) => p.step);
  const ys = points.map((p) => p.return);
  const avg = movingAverage(ys, window);
  const xMax = Math.max(1, ...xs);
  let yMin = Math.min(0, ...ys);
  let yMax = Math.max(0, ...ys);
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  const px = (x: number): number => PAD.left + (x / xMax) * (W - PAD.left - PAD.right);
  const py = (y: number): number => H - PAD.bottom - ((y - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  const dots = points.map((p) => `<circle cx="${num(px(p.step))}" cy="${num(py(p.return))}" r="1.5"/>`).join('');
  const line = avg.map((a, i) => `${i === 0 ? 'M' : 'L'}${num(px(xs[i]!))},${num(py(a))}`).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const xv = f * xMax;
    const yv = yMin + f * (yMax - yMin);
    return `<text x="${num(px(xv))}" y="${H - PAD.bottom + 16}" text-anchor="middle">${Math.round(xv)}</text>` +
      `<text x="${PAD.left - 6}" y="${num(py(yv) + 4)}" text-anchor="end">${yv.toFixed(2)}</text>` +
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${num(py(yv))}" y2="${num(py(yv))}" stroke="#eee"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${PAD.left}" y="18" font-size="13">${esc(title)}</text>
${ticks}
<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#333"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#333"/>
<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">agent steps</text>
<g fill="#9bb7d4" class="returns">${dots}</g>
<path class="average" d="${line}" fill="none" stroke="#d62728" stroke-width="2"/>
<text x="${W - PAD.right}" y="18" text-anchor="end"><tspan fill="#9bb7d4">● return</tspan>  <tspan fill="#d62728">— mean of last ${window}</tspan></text>
</svg>
`;
}
