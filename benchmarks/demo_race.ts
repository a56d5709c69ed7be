/**
 * Helpers of the demonstration benchmarks (not a benchmark itself): train an agent with or
 * without a demonstration file in chunks, measuring the greedy score on fresh episodes before
 * training and after every chunk, until a threshold or a step budget; and draw several curves in
 * one SVG (src/cli/learning_plot.ts's conventions).
 */
import type { Algorithm, AlgorithmContext } from '../src/algorithm/algorithm';
import { createAlgorithm } from '../src/algorithm/registry';
import { runLoop } from '../src/algorithm/run_loop';
import type { Env } from '../src/env/env';
import { EpisodeLog } from '../src/env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec } from '../src/env/wrappers/from_spec';
import type { VectorEnv } from '../src/env/wrappers/vector_env';
import type { ResolvedSpec } from '../src/spec/types';
import { decodeDemoFile } from '../src/store/demo_file';
import { Rng } from '../src/util/rng';

/** One run's setting. */
export interface RaceOptions {
  spec: ResolvedSpec;
  makeEnv: () => Env;
  seed: number;
  /** A demonstration file's bytes, or null for RL alone. */
  demos: Uint8Array | null;
  /** Greedy evaluation episodes per point. */
  evalEpisodes: number;
  /** Agent steps between evaluations. */
  chunk: number;
  maxSteps: number;
  /** Stop as soon as the threshold is reached (true), or train the whole budget to draw the whole curve (false, default). */
  stopAtThreshold?: boolean;
  /** Greedy score (mean return mapped by `score`) to reach. */
  threshold: number;
  /** An episode's return to its score (e.g. caught: return > 0 -> 1). Default: the return. */
  score?: (ret: number) => number;
}

/** What a run measured. */
export interface RaceResult {
  /** Greedy score before any agent step (after pre-training when there are demonstrations) and after every chunk. */
  curve: { step: number; score: number }[];
  /** Agent steps when the score first reached the threshold, or null within the budget. */
  stepsToThreshold: number | null;
  /** Agent steps from which every later evaluation stayed at or above the threshold, or null. */
  stepsToStay: number | null;
  seconds: number;
  demoLoss: number | null;
}

function vectorEnv(o: RaceOptions, numEnvs: number, log: EpisodeLog): VectorEnv {
  return makeVectorEnv(() => o.makeEnv(), readEnvWrapperSpec({ ...o.spec.env, num_envs: numEnvs }), log);
}

/** Greedy mean score over `episodes` fresh episodes (4 envs, its own seed). */
export async function greedyScore(o: RaceOptions, algorithm: Algorithm, seed: number): Promise<number> {
  const log = new EpisodeLog();
  const env = vectorEnv(o, 4, log);
  await runLoop({ algorithm, env, log, episodes: o.evalEpisodes, explore: false, train: false, seed });
  const score = o.score ?? ((r: number) => r);
  const eps = log.episodes.slice(0, o.evalEpisodes);
  return eps.reduce((s, e) => s + score(e.return), 0) / eps.length;
}

/** Trains one agent as `o` says and records its curve. */
export async function race(o: RaceOptions): Promise<RaceResult> {
  const started = performance.now();
  const log = new EpisodeLog();
  const env = vectorEnv(o, o.spec.env.num_envs, log);
  const space = env.observationSpace;
  const context: AlgorithmContext = {
    agent: o.spec.agent,
    obsShape: [...space.shape],
    obsDtype: space.dtype,
    actionSpace: env.actionSpace,
    numEnvs: env.numEnvs,
    frameStack: 1,
    rng: new Rng(o.seed),
  };
  const algorithm = createAlgorithm(context);
  let demoLoss: number | null = null;
  try {
    if (o.demos) {
      const { demonstrations } = await decodeDemoFile(o.demos, 'demos');
      algorithm.useDemonstrations!(demonstrations);
      const report = await algorithm.pretrainOnDemonstrations!();
      demoLoss = report.extra['demo_loss'] ?? null;
    }
    const evalSeed = 900_000 + o.seed * 1000;
    const curve = [{ step: 0, score: await greedyScore(o, algorithm, evalSeed) }];
    let steps = 0;
    let reached: number | null = curve[0]!.score >= o.threshold ? 0 : null;
    while ((reached === null || !o.stopAtThreshold) && steps < o.maxSteps) {
      await runLoop({ algorithm, env, log, frames: o.chunk, startFrame: steps, seed: o.seed * 100_000 + steps });
      steps += o.chunk;
      const score = await greedyScore(o, algorithm, evalSeed + steps);
      curve.push({ step: steps, score });
      if (score >= o.threshold && reached === null) reached = steps;
    }
    const stay = curve.findIndex((_, i) => curve.slice(i).every((p) => p.score >= o.threshold));
    return { curve, stepsToThreshold: reached, stepsToStay: stay < 0 ? null : curve[stay]!.step, seconds: (performance.now() - started) / 1000, demoLoss };
  } finally {
    algorithm.dispose();
  }
}

/** The median of numbers, nulls (not reached) counted as +Infinity. */
export function median(xs: readonly (number | null)[]): number {
  const v = xs.map((x) => (x === null ? Infinity : x)).sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** One curve of a plot: a label, a colour and its points. */
export interface Series {
  label: string;
  color: string;
  points: { step: number; score: number }[];
  /** Thin (one seed) or thick (the median). */
  thin?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Several score curves against agent steps in one SVG, with a dashed threshold line; `title` may hold one line break. */
export function curvesSvg(series: readonly Series[], title: string, yLabel: string, threshold: number): string {
  const W = 720;
  const H = 400;
  const P = { left: 56, right: 16, top: 44, bottom: 84 };
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.step)));
  const yMin = Math.min(0, ...series.flatMap((s) => s.points.map((p) => p.score)));
  const yMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.score)));
  const px = (x: number): number => P.left + (x / xMax) * (W - P.left - P.right);
  const py = (y: number): number => H - P.bottom - ((y - yMin) / (yMax - yMin)) * (H - P.top - P.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const xv = f * xMax;
    const yv = yMin + f * (yMax - yMin);
    return `<text x="${num(px(xv))}" y="${H - P.bottom + 16}" text-anchor="middle">${Math.round(xv)}</text>` +
      `<text x="${P.left - 6}" y="${num(py(yv) + 4)}" text-anchor="end">${yv.toFixed(2)}</text>` +
      `<line x1="${P.left}" x2="${W - P.right}" y1="${num(py(yv))}" y2="${num(py(yv))}" stroke="#eee"/>`;
  }).join('');
  const lines = series.map((s) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(px(p.step))},${num(py(p.score))}`).join('');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.thin ? 0.8 : 2.5}" stroke-opacity="${s.thin ? 0.45 : 1}"/>`;
  }).join('\n');
  const legend = series.filter((s) => !s.thin).map((s, i) => `<text x="${P.left + (i % 2) * 330}" y="${H - 38 + Math.floor(i / 2) * 14}" fill="${s.color}">— ${esc(s.label)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="#fff"/>
${title.split('\n').map((line, i) => `<text x="${P.left}" y="${16 + 14 * i}" font-size="12">${esc(line)}</text>`).join('')}
${ticks}
<line x1="${P.left}" y1="${num(py(threshold))}" x2="${W - P.right}" y2="${num(py(threshold))}" stroke="#888" stroke-dasharray="4 3"/>
<line x1="${P.left}" y1="${H - P.bottom}" x2="${W - P.right}" y2="${H - P.bottom}" stroke="#333"/>
<line x1="${P.left}" y1="${P.top}" x2="${P.left}" y2="${H - P.bottom}" stroke="#333"/>
<text x="${(W + P.left) / 2}" y="${H - P.bottom + 32}" text-anchor="middle">agent steps (thin: one seed; thick: median over seeds)</text>
<text x="14" y="${(P.top + H - P.bottom) / 2}" transform="rotate(-90 14 ${(P.top + H - P.bottom) / 2})" text-anchor="middle">${esc(yLabel)}</text>
${lines}
${legend}
</svg>
`;
}

/** The pointwise median of several curves sampled at the same steps (a finished curve holds its last score). */
export function medianCurve(curves: readonly { step: number; score: number }[][]): { step: number; score: number }[] {
  const steps = [...new Set(curves.flatMap((c) => c.map((p) => p.step)))].sort((a, b) => a - b);
  return steps.map((step) => {
    const at = curves.map((c) => [...c].reverse().find((p) => p.step <= step)?.score ?? 0).sort((a, b) => a - b);
    const m = Math.floor(at.length / 2);
    return { step, score: at.length % 2 ? at[m]! : (at[m - 1]! + at[m]!) / 2 };
  });
}
