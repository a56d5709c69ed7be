/**
 * Soak benchmark: the catch demo training at top speed in headless Chromium for `--minutes N`
 * (default 30), sampling the worker's live tensors (tf.memory().numTensors) and the page's JS heap
 * after a forced GC (CDP) every `--sample S` seconds (default 60). Prints a line per sample and one
 * JSON object with the start and end figures as the last line.
 *   node benchmarks/run.mjs benchmarks/soak.bench.ts --minutes 30 [--renderer webgl] [--sample 60]
 * The CI version (2 minutes, asserting a flat tensor count) is test/browser/soak.test.ts.
 */
import { runSoak } from '../test/browser/soak_run';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const minutes = Number(flag('minutes', '30'));
const sampleSec = Number(flag('sample', '60'));
const renderer = flag('renderer', 'canvas') === 'webgl' ? 'webgl' : 'canvas';
if (!(minutes > 0) || !(sampleSec > 0)) {
  console.error('usage: soak.bench.ts [--minutes N > 0] [--sample S > 0] [--renderer canvas|webgl]');
  process.exit(2);
}
const r = await runSoak({ minutes, sampleSec, renderer, log: (l) => console.log(l) });
const trained = r.tensors.filter(([, , rounds]) => rounds > 0);
const mib = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;
console.log(JSON.stringify({
  minutes, renderer, backend: r.backend, frames: r.frames, steps: r.steps, trainRounds: r.trainRounds, episodes: r.episodes,
  stepsPerSecond: Math.round(r.steps / r.end.t),
  numTensors: { start: trained[0]?.[1] ?? null, end: trained.at(-1)?.[1] ?? null, min: Math.min(...trained.map((x) => x[1])), max: Math.max(...trained.map((x) => x[1])) },
  heapMiB: { start: mib(r.start.heapBytes), end: mib(r.end.heapBytes), startAt: r.start.t, endAt: r.end.t },
  errors: r.errors,
}));
