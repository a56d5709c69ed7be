/**
 * The product's Nature-CNN train step, as an agent runs it: a ConvNet built from an SLM Lab spec
 * (84x84x4 -> conv 32/8/4, 64/4/2, 64/3/1 -> fc 512 -> 6), SmoothL1 (Huber) loss, Adam, batch 32,
 * through `trainStep`; and a batch-1 forward. Medians on wasm and cpu in Node, and PyTorch's
 * numbers for the same step on this machine (Debian python3-torch, 1 and 2 threads) when it is
 * installed, as ratios measured in the same run.
 * Run: npm run bench -- benchmarks/nature_cnn.bench.ts [--reps N] [--cpu-train]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { selectBackend, type BackendName } from '../src/backend/select_backend';
import { natureCnnNet, timeNet } from './train_step_timing';

const args = process.argv.slice(2);
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 15;

async function measure(backend: BackendName, train: boolean): Promise<{ forward: number; step: number | null }> {
  await selectBackend({ gpu: backend });
  const { forward, step } = await timeNet({
    net: natureCnnNet(),
    inShape: [84, 84, 4],
    outDims: [6],
    forwardReps: reps * 4,
    stepReps: train ? (backend === 'cpu' ? 2 : reps) : 0,
  });
  return { forward: forward!, step };
}

function pytorch(threads: number): { step: number; forward: number } | null {
  const script = join(process.cwd(), '..', 'shared', 'reference', 'pytorch', 'torch_speed.py');
  if (!existsSync(script) || !existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', [script, String(threads)], { encoding: 'utf8' });
  const m = /train_step_b32_ms=([\d.]+) infer_b1_ms=([\d.]+)/.exec(r.stdout);
  return m ? { step: Number(m[1]), forward: Number(m[2]) } : null;
}

const wasm = await measure('wasm', true);
const cpu = await measure('cpu', args.includes('--cpu-train'));
const torch1 = pytorch(1);
const torch2 = pytorch(2);
const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(2));
console.log(`Nature-CNN, batch 32 train step (SmoothL1, Adam) and batch-1 forward; medians in ms; load ${loadavg()[0]!.toFixed(1)}`);
console.log(`| runtime | train step b32 | forward b1 |`);
console.log(`|---|---|---|`);
console.log(`| pixelpilot wasm (SIMD, 1 thread) | ${fmt(wasm.step)} | ${fmt(wasm.forward)} |`);
console.log(`| pixelpilot cpu (pure JS) | ${fmt(cpu.step)} | ${fmt(cpu.forward)} |`);
if (torch1) console.log(`| PyTorch CPU, 1 thread | ${fmt(torch1.step)} | ${fmt(torch1.forward)} |`);
if (torch2) console.log(`| PyTorch CPU, 2 threads | ${fmt(torch2.step)} | ${fmt(torch2.forward)} |`);
if (!torch1) console.log('(PyTorch not installed: apt-get install python3-torch to compare)');
if (torch1 && wasm.step) console.log(`wasm train step / PyTorch 1 thread = ${(wasm.step / torch1.step).toFixed(2)}x`);
if (torch2 && wasm.step) console.log(`wasm train step / PyTorch 2 threads = ${(wasm.step / torch2.step).toFixed(2)}x`);
