/**
 * Learning speed: frames and wall seconds until each agent reaches its threshold, measured with
 * greedy evaluations on fresh episodes between training chunks, on wasm in Node. The anchor:
 * SLM Lab reports CartPole PPO at 498.9 after 200k frames (4 envs).
 * Run: npm run bench -- benchmarks/learning.bench.ts [--only NAME] [--slm]
 *   --slm also runs SLM Lab's own cartpole specs (unchanged), which are much slower.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoop } from '../src/algorithm/run_loop';
import { selectBackend } from '../src/backend/select_backend';
import { makeAlgorithm, makeRunEnv } from '../src/cli/agent_setup';
import { resolveSpec } from '../src/spec/index';
import type { ResolvedSpec } from '../src/spec/types';
import { Rng } from '../src/util/rng';

interface Goal {
  label: string;
  file: string;
  name?: string;
  /** Greedy mean return to reach. */
  threshold: number;
  evalEpisodes: number;
  chunk: number;
  maxFrames: number;
}

const ROOT = process.cwd();
const GOALS: Goal[] = [
  { label: 'DoubleDQN ConvNet, catch 10x10 (>= 90% caught)', file: 'demos/specs/dqn_catch.json', threshold: 0.8, evalEpisodes: 100, chunk: 1000, maxFrames: 20000 },
  { label: 'PPO MLPNet, CartPole-v1 (>= 475)', file: 'test/algorithm/specs/ppo_cartpole.json', threshold: 475, evalEpisodes: 20, chunk: 5120, maxFrames: 100000 },
  { label: 'PPO GRU RecurrentNet, memory delay 4 (>= 95% correct)', file: 'test/algorithm/specs/ppo_memory.json', name: 'ppo_gru_memory', threshold: 0.9, evalEpisodes: 200, chunk: 2496, maxFrames: 30000 },
];
const SLM: Goal[] = [
  { label: "SLM Lab's ppo_cartpole, unchanged (>= 475)", file: 'test/spec/fixtures/slm_specs/ppo_cartpole.json', name: 'ppo_cartpole', threshold: 475, evalEpisodes: 20, chunk: 10000, maxFrames: 200000 },
  { label: "SLM Lab's a2c_gae_cartpole, unchanged (>= 475)", file: 'test/spec/fixtures/slm_specs/a2c_gae_cartpole.json', name: 'a2c_gae_cartpole', threshold: 475, evalEpisodes: 20, chunk: 10000, maxFrames: 200000 },
  { label: "SLM Lab's reinforce_cartpole, unchanged (>= 475)", file: 'test/spec/fixtures/slm_specs/reinforce_cartpole.json', name: 'reinforce_cartpole', threshold: 475, evalEpisodes: 20, chunk: 10000, maxFrames: 200000 },
  { label: "SLM Lab's dqn_boltzmann_cartpole, unchanged (>= 475)", file: 'test/spec/fixtures/slm_specs/dqn_cartpole.json', name: 'dqn_boltzmann_cartpole', threshold: 475, evalEpisodes: 20, chunk: 5000, maxFrames: 40000 },
];

async function greedyReturn(spec: ResolvedSpec, algorithm: Awaited<ReturnType<typeof makeAlgorithm>>['algorithm'], episodes: number, seed: number): Promise<number> {
  const { env, log } = await makeRunEnv(spec, spec.env.name);
  await runLoop({ algorithm, env, log, episodes, seed, train: false, explore: false });
  env.close();
  return log.episodes.slice(0, episodes).reduce((s, e) => s + e.return, 0) / episodes;
}

async function race(goal: Goal): Promise<string> {
  const text = readFileSync(join(ROOT, goal.file), 'utf8');
  const { spec } = resolveSpec(text, goal.name === undefined ? {} : { name: goal.name });
  const seed = spec.meta.random_seed ?? 1;
  const { env, log } = await makeRunEnv(spec, spec.env.name);
  const { algorithm } = makeAlgorithm(spec, env, spec.env.name, new Rng(seed));
  const started = performance.now();
  let frames = 0;
  let score = -Infinity;
  let evalSeconds = 0;
  while (frames < goal.maxFrames && score < goal.threshold) {
    await runLoop({ algorithm, env, log, frames: goal.chunk, startFrame: frames, seed: seed * 1000 + frames });
    frames += goal.chunk;
    const e0 = performance.now();
    score = await greedyReturn(spec, algorithm, goal.evalEpisodes, 777_000 + frames);
    evalSeconds += (performance.now() - e0) / 1000;
  }
  const seconds = (performance.now() - started) / 1000 - evalSeconds;
  algorithm.dispose();
  env.close();
  const reached = score >= goal.threshold;
  return `| ${goal.label} | ${reached ? frames : `not by ${frames}`} | ${score.toFixed(3)} | ${seconds.toFixed(1)} |`;
}

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : null;
const goals = [...GOALS, ...(args.includes('--slm') ? SLM : [])].filter((g) => only === null || g.label.includes(only) || g.file.includes(only));
await selectBackend({ gpu: 'wasm' });
console.log('| agent | frames to threshold (greedy eval after each chunk) | greedy score there | training seconds (wasm) |');
console.log('|---|---|---|---|');
for (const goal of goals) console.log(await race(goal));
