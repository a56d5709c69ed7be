/**
 * Demonstrations on `catch` (the built-in 10x10 pixel env), DoubleDQN ConvNet of
 * demos/specs/dqn_catch.json (DQfD keys at their defaults): 300 decisions recorded from the catch
 * heuristic (src/env/catch_heuristic.ts), clean and with 20% random actions, against RL alone.
 * Per seed: the greedy catch rate after pre-training alone (no RL step), and the agent steps until
 * the greedy catch rate on 100 fresh episodes first reaches 90% (evaluated every 500 steps; every
 * run trains the whole 8,000-step budget, so the SVG shows whole curves). The steps with
 * demonstrations do not count the 300 recorded decisions.
 * Run: npm run bench -- benchmarks/demos_catch.bench.ts [--seeds 3] [--svg docs/demos_catch.svg] [--backend wasm]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/select_backend';
import { catchEnv } from '../src/env/catch';
import { catchHeuristic } from '../src/env/catch_heuristic';
import { resolveSpec } from '../src/spec';
import { recordEnvDemos } from '../src/store/record_env_demos';
import { curvesSvg, median, medianCurve, race, type RaceOptions, type RaceResult, type Series } from './demo_race';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, svg: { type: 'string', default: 'build/bench/demos_catch.svg' }, backend: { type: 'string', default: 'wasm' } } });
await selectBackend({ gpu: values.backend as 'wasm' | 'cpu' });
const spec = resolveSpec(readFileSync('demos/specs/dqn_catch.json', 'utf8')).spec;
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
const conditions = [
  { label: 'RL alone', color: '#1f77b4', noise: null },
  { label: '300 demo decisions', color: '#2ca02c', noise: 0 },
  { label: '300 noisy demo decisions (20% random)', color: '#d62728', noise: 0.2 },
] as const;

const results = new Map<string, RaceResult[]>();
for (const c of conditions) {
  for (const seed of seeds) {
    const demos = c.noise === null ? null : await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 300, seed: 7000 + seed, noise: c.noise });
    const o: RaceOptions = { spec, makeEnv: () => catchEnv(), seed, demos, evalEpisodes: 100, chunk: 500, maxSteps: 8000, threshold: 0.9, score: (r) => (r > 0 ? 1 : 0) };
    const r = await race(o);
    results.set(c.label, [...(results.get(c.label) ?? []), r]);
    console.log(JSON.stringify({ condition: c.label, seed, after_pretraining: r.curve[0]!.score, steps_to_90: r.stepsToThreshold, steps_to_stay_90: r.stepsToStay, final: r.curve.at(-1)!.score, demo_loss: r.demoLoss, seconds: Math.round(r.seconds) }));
  }
}
const series: Series[] = [];
for (const c of conditions) {
  const rs = results.get(c.label)!;
  for (const r of rs) series.push({ label: c.label, color: c.color, points: r.curve, thin: true });
  series.push({ label: c.label, color: c.color, points: medianCurve(rs.map((r) => r.curve)) });
  console.log(`${c.label}: greedy catch rate at step 0 ${rs.map((r) => r.curve[0]!.score.toFixed(2)).join(' / ')}; steps to 90% ${rs.map((r) => r.stepsToThreshold ?? '>8000').join(' / ')} (median ${median(rs.map((r) => r.stepsToThreshold))}); at or above 90% from then on after ${rs.map((r) => r.stepsToStay ?? '>8000').join(' / ')} (median ${median(rs.map((r) => r.stepsToStay))})`);
}
writeFileSync(values.svg!, curvesSvg(series, `catch (10x10 pixels), DoubleDQN ConvNet (demos/specs/dqn_catch.json), ${seeds.length} seeds:\ngreedy catch rate on 100 fresh episodes, RL alone vs. after 300 recorded decisions (DQfD)`, 'greedy catch rate', 0.9));
console.log(`wrote ${values.svg}`);
