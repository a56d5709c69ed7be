/**
 * Do tfjs-backend-wasm's threads help here? In headless Chromium, in a cross-origin-isolated page
 * (scripts/serve.mjs sends COOP/COEP), three wasm configurations, each in a fresh page load:
 *   off      WASM_HAS_MULTITHREAD_SUPPORT=false: the SIMD binary, one thread (what the SDK does);
 *   default  the threaded SIMD binary with tfjs' own thread count;
 *   2        the threaded SIMD binary after setThreadsCount(2) (tfjs caps it: half the cores);
 *   hc4      the threaded SIMD binary, the page telling tfjs navigator.hardwareConcurrency is 4,
 *            so that tfjs' default count is 2: what two threads do on this machine.
 * Each page times the Nature CNN (84x84x4, batch 32 train step: SmoothL1, Adam) and the catch
 * demo's ConvNet (demos/specs/dqn_catch_pixels.json, 10x10x1, batch 32 train step), and both nets'
 * batch-1 forward, with the SDK's nets, trainStep, wasm kernels and gradients
 * (train_step_timing.ts). The configurations run interleaved, in `--rounds` rounds (default 2,
 * the order reversed every other round), since the machine's load moves; every round is printed.
 * The page bundle is not minified: the threaded build's worker code does not survive minifiers.
 * Run: npm run bench -- benchmarks/wasm_threads.bench.ts [--reps N] [--rounds N]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser, openPage, startServer } from '../test/browser/harness';
import { inlineAssetsEsbuild } from '../scripts/inline_assets.mjs';
import type { NetTimes } from './train_step_timing';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const reps = arg('--reps', 9);
const rounds = arg('--rounds', 2);
const MODES = ['off', 'default', '2', 'hc4'] as const;
type Mode = (typeof MODES)[number];

interface PageResult {
  error?: string;
  env: { mode: string; crossOriginIsolated: boolean; hardwareConcurrency: number; reportedHardwareConcurrency: number; multithreadFlag: boolean; simd: boolean; threads: number };
  nature: NetTimes;
  catch: NetTimes;
  leaked: number;
}

const root = process.cwd(); // benchmarks/run.mjs runs benches from the repository root
const outdir = join(root, 'build/bench');
await build({
  entryPoints: [join(root, 'benchmarks/wasm_threads.page.ts')],
  outfile: join(outdir, 'pages/wasm_threads.page.js'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  minify: false,
  plugins: [inlineAssetsEsbuild({ worker: false })],
  logLevel: 'warning',
});
mkdirSync(outdir, { recursive: true });
writeFileSync(
  join(outdir, 'wasm_threads.html'),
  '<!doctype html><meta charset="utf-8"><title>wasm threads</title><script type="module" src="/build/bench/pages/wasm_threads.page.js"></script>\n',
);

const { server, origin } = await startServer();
const browser = await launchBrowser();
const runs: Record<Mode, { result: PageResult; wasmFiles: string[] }[]> = { off: [], default: [], '2': [], hc4: [] };
try {
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
      const wasmFiles = new Set<string>();
      const opened = await openPage(browser, origin, `/build/bench/wasm_threads.html?threads=${mode}&reps=${reps}`, (url) => {
        if (url.endsWith('.wasm')) wasmFiles.add(url.slice(url.lastIndexOf('/') + 1));
      });
      try {
        await opened.page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 300_000, polling: 200 });
        const result = (await opened.page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
        if (result.error !== undefined) throw new Error(`threads=${mode}: ${result.error}\n${opened.console.join('\n')}`);
        if (opened.errors.length > 0) throw new Error(`threads=${mode}: page errors\n${opened.console.join('\n')}`);
        runs[mode].push({ result, wasmFiles: [...wasmFiles] });
        console.error(`round ${r + 1} threads=${mode}: ${JSON.stringify(result)} ${[...wasmFiles].join(',')}`);
      } finally {
        await opened.page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}

const MEASURES: [string, (x: PageResult) => number | null][] = [
  ['Nature CNN train step b32', (x) => x.nature.step],
  ['catch ConvNet train step b32', (x) => x.catch.step],
  ['Nature CNN forward b1', (x) => x.nature.forward],
  ['catch ConvNet forward b1', (x) => x.catch.forward],
];
const med = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const per = (mode: Mode, f: (x: PageResult) => number | null): number[] => runs[mode].map((x) => f(x.result) ?? NaN);
const env = (mode: Mode): PageResult['env'] => runs[mode][0]!.result.env;

console.log(
  `wasm threads in headless Chromium (cross-origin isolated: ${env('default').crossOriginIsolated}, navigator.hardwareConcurrency ${env('default').hardwareConcurrency}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}); ${rounds} rounds, medians in ms per round`,
);
for (const mode of MODES) {
  const e = env(mode);
  console.log(`threads=${mode}: multithread flag ${e.multithreadFlag}, hardwareConcurrency seen by tfjs ${e.reportedHardwareConcurrency}, SIMD ${e.simd}, getThreadsCount() ${runs[mode].map((x) => x.result.env.threads).join('/')}, wasm fetched ${runs[mode][0]!.wasmFiles.join(',') || '(none)'}`);
}
console.log('| measure | off (1 thread) | threaded, default count | threaded, setThreadsCount(2) | threaded, hc 4 | default / off | 2 / off | hc4 / off |');
console.log('|---|---|---|---|---|---|---|---|');
const summary: Record<string, Record<string, number[] | number>> = {};
for (const [name, f] of MEASURES) {
  const [off, def, two, hc4] = MODES.map((m) => per(m, f));
  const rDef = med(def!) / med(off!);
  const rTwo = med(two!) / med(off!);
  const rHc4 = med(hc4!) / med(off!);
  const fmt = (v: number[]): string => v.map((x) => x.toFixed(2)).join(' / ');
  console.log(`| ${name} | ${fmt(off!)} | ${fmt(def!)} | ${fmt(two!)} | ${fmt(hc4!)} | ${rDef.toFixed(2)} | ${rTwo.toFixed(2)} | ${rHc4.toFixed(2)} |`);
  summary[name] = {
    off: off!,
    default: def!,
    two: two!,
    hc4: hc4!,
    defaultOverOff: Number(rDef.toFixed(3)),
    twoOverOff: Number(rTwo.toFixed(3)),
    hc4OverOff: Number(rHc4.toFixed(3)),
  };
}
console.log('(ratios: median over rounds of threaded / of unthreaded; below 1 means threads help)');
console.log(
  JSON.stringify({
    bench: 'wasm_threads',
    load: loadavg()[0],
    hardwareConcurrency: env('default').hardwareConcurrency,
    threads: Object.fromEntries(MODES.map((m) => [m, runs[m].map((x) => x.result.env.threads)])),
    wasmFiles: Object.fromEntries(MODES.map((m) => [m, runs[m][0]!.wasmFiles])),
    firstLoss: Object.fromEntries(MODES.map((m) => [m, [runs[m][0]!.result.nature.firstLoss, runs[m][0]!.result.catch.firstLoss]])),
    leaked: Object.fromEntries(MODES.map((m) => [m, runs[m].map((x) => x.result.leaked)])),
    medians: summary,
  }),
);
