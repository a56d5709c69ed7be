/**
 * Drives a soak run (soak.page.ts) from Node and measures it: the worker's live tensors (the page
 * reads tf.memory().numTensors through agent.stats() between episodes) and the page's JS heap
 * after a forced garbage collection (CDP: HeapProfiler.collectGarbage, then Performance.getMetrics
 * JSHeapUsedSize), sampled every `sampleSec`. Shared by the CI test (soak.test.ts, 2 minutes) and
 * the benchmark (benchmarks/soak.bench.ts, 30 minutes by default). Not a test file.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, startServer } from './harness';
import type { SoakProgress } from './soak.page';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from '../../scripts/inline_assets.mjs';

/** Options of `runSoak`. */
export interface SoakOptions {
  /** Training time in minutes. */
  minutes: number;
  /** 'canvas' (default) or 'webgl' for the game's renderer. */
  renderer?: 'canvas' | 'webgl';
  /** Seconds between samples. Default 15. */
  sampleSec?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** One sample of a soak run. */
export interface SoakSample {
  /** Seconds since training started. */
  t: number;
  steps: number;
  trainRounds: number;
  /** The worker's live tensors at the page's last reading. */
  numTensors: number | null;
  /** The page's used JS heap after a forced GC, in bytes. */
  heapBytes: number;
}

/** What a soak run measured. */
export interface SoakReport {
  minutes: number;
  backend: string;
  frames: number;
  steps: number;
  trainRounds: number;
  episodes: number;
  errors: string[];
  /** Worker tensors [seconds, numTensors, training rounds so far], every reading of the page. */
  tensors: [number, number, number][];
  samples: SoakSample[];
  /** First sample taken once the agent had trained (its optimizer state exists), and the last one. */
  start: SoakSample;
  end: SoakSample;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ROOT = join(ARTIFACTS, '..');

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

const progressOf = (page: Page): Promise<SoakProgress | undefined> => page.evaluate(() => (window as unknown as { __soak?: SoakProgress }).__soak);

/** Builds the page and its worker, runs the soak in headless Chromium and returns what it measured. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const sampleMs = (options.sampleSec ?? 15) * 1000;
  await build({
    entryPoints: [join(ROOT, 'test/browser/soak.page.ts')],
    outfile: join(ROOT, 'build/test/pages/browser/soak.page.js'),
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', mainFields: ['browser', 'module', 'main'], logLevel: 'error',
    plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()],
  });
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const ms = Math.round(options.minutes * 60_000);
    await page.goto(`${origin}/build/test/blank.html?ms=${ms}&renderer=${options.renderer ?? 'canvas'}`);
    await page.addScriptTag({ type: 'module', url: `${origin}/build/test/pages/browser/soak.page.js` });
    const samples: SoakSample[] = [];
    const deadline = Date.now() + ms + 180_000;
    for (;;) {
      const result = await page.evaluate(() => (window as unknown as { __result?: unknown }).__result);
      if (result !== undefined) {
        if ((result as { error?: string }).error !== undefined) throw new Error(`soak page failed: ${(result as { error: string }).error}\n${lines.join('\n')}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`soak page did not finish in time\n${lines.join('\n')}`);
      const p = await progressOf(page);
      if (p?.phase === 'training' && p.tensors.some(([, , k]) => k > 0)) {
        const s: SoakSample = { t: p.elapsedMs / 1000, steps: p.steps, trainRounds: p.trainRounds, numTensors: p.tensors.at(-1)![1], heapBytes: await heapAfterGc(cdp) };
        samples.push(s);
        log(`soak ${s.t.toFixed(0)} s: ${s.steps} steps, ${s.trainRounds} training rounds, worker tensors ${s.numTensors}, page heap ${(s.heapBytes / 2 ** 20).toFixed(1)} MiB`);
        await sleep(sampleMs);
      } else {
        await sleep(500);
      }
    }
    const p = (await progressOf(page))!;
    const end: SoakSample = { t: p.elapsedMs / 1000, steps: p.steps, trainRounds: p.trainRounds, numTensors: p.tensors.at(-1)?.[1] ?? null, heapBytes: await heapAfterGc(cdp) };
    samples.push(end);
    if (samples.length < 2) throw new Error('soak: no sample was taken during training');
    return {
      minutes: options.minutes, backend: p.backend, frames: p.frames, steps: p.steps, trainRounds: p.trainRounds, episodes: p.episodes,
      errors: [...p.errors, ...lines.filter((l) => l.startsWith('pageerror'))],
      tensors: p.tensors.map(([t, n, k]) => [Math.round(t / 100) / 10, n, k]),
      samples, start: samples[0]!, end,
    };
  } finally {
    await browser.close();
    server.close();
  }
}
