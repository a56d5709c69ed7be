/**
 * Replay memory throughput: add() and sample() on 84x84x4 stacked uint8 Atari-like frames.
 * Usage: node benchmarks/run.mjs benchmarks/memory.bench.ts [--json]
 */
import { createMemory } from '../src/memory/registry';
import type { MemoryName, MemoryOptions, Transition } from '../src/memory/types';
import { Rng } from '../src/util/rng';

const json = process.argv.includes('--json');
const maxSize = Number(process.env.MAX_SIZE ?? 100_000);
const opts: MemoryOptions = {
  obsShape: [84, 84, 4],
  obsDtype: 'uint8',
  actionSpace: { type: 'discrete', n: 6 },
  frameStack: 4,
  numEnvs: 4,
  rng: new Rng(1),
};

function frames(n: number): Uint8Array[] {
  const rng = new Rng(2);
  return Array.from({ length: n }, () => Uint8Array.from({ length: 84 * 84 * 4 }, () => rng.int(256)));
}

const results: Record<string, number> = {};
const pool = frames(16);
for (const name of ['Replay', 'PrioritizedReplay'] as MemoryName[]) {
  const mem = createMemory({ name, batch_size: 32, max_size: maxSize }, opts);
  if (!('sample' in mem) || !('batchSize' in mem)) continue;
  const adds = 120_000; // wraps the 1e5 ring
  let t0 = performance.now();
  for (let i = 0; i < adds; i++) {
    const t: Transition = {
      obs: pool[i % 16],
      action: i % 6,
      reward: 1,
      nextObs: pool[(i + 1) % 16],
      terminated: i % 997 === 996,
      truncated: false,
    };
    mem.add(t, i % 4);
  }
  results[`${name}.add_us`] = ((performance.now() - t0) * 1000) / adds;
  const samples = 2000;
  t0 = performance.now();
  for (let i = 0; i < samples; i++) {
    const b = mem.sample();
    if ('updatePriorities' in mem) mem.updatePriorities(b.indices, b.rewards);
  }
  results[`${name}.sample32_us`] = ((performance.now() - t0) * 1000) / samples;
  results[`${name}.MB`] = mem.byteLength / 1e6;
}
if (json) console.log(JSON.stringify(results));
else for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(32)} ${v.toFixed(2)}`);
