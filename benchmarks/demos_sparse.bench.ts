/**
 * Demonstrations on a sparse-reward env of our own (benchmarks/key_door_env.ts: walk to the key,
 * then to the door, reward only at the door, the door without the key ends the episode; a random
 * walk succeeds in about 1 episode of 40,000): RL alone against 300 decisions recorded from the
 * env's heuristic, for DoubleDQN (DQfD) and PPO (behaviour cloning beside the RL loss), MLPs on
 * the 122-float observation, 4 envs. Per seed: the
 * greedy success rate on 40 fresh episodes after pre-training alone and every 1,000 agent steps
 * (budget 20,000), and the agent steps until it first reaches 90%; a third setting learns from the
 * demonstrations during RL only (demo_pretrain_steps 0).
 * Run: npm run bench -- benchmarks/demos_sparse.bench.ts [--seeds 3] [--algo dqn,ppo] [--svg build/bench/demos_sparse.svg]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/select_backend';
import { resolveSpec } from '../src/spec';
import { recordEnvDemos } from '../src/store/record_env_demos';
import { curvesSvg, median, medianCurve, race, type RaceResult, type Series } from './demo_race';
import keyDoorEnv, { keyDoorHeuristic } from './key_door_env';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, algo: { type: 'string', default: 'dqn,ppo' }, svg: { type: 'string', default: 'build/bench/demos_sparse.svg' }, backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '20000' } } });
await selectBackend({ gpu: values.backend as 'wasm' | 'cpu' });

const env = { name: 'key_door', num_envs: 4 };
const SPECS = {
  dqn: {
    agent: {
      name: 'DoubleDQN',
      algorithm: {
        name: 'DoubleDQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy',
        explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.05, start_step: 0, end_step: 10000 },
        gamma: 0.95, training_batch_iter: 1, training_iter: 1, training_frequency: 4, training_start_step: 500,
      },
      memory: { name: 'Replay', batch_size: 32, max_size: 20000 },
      net: { type: 'MLPNet', hid_layers: [64, 64], hid_layers_activation: 'relu', clip_grad_val: 10, loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 }, update_type: 'replace', update_frequency: 400 },
    },
    env,
  },
  ppo: {
    agent: {
      name: 'PPO',
      algorithm: {
        name: 'PPO', gamma: 0.95, lam: 0.95, val_loss_coef: 0.5, time_horizon: 128, minibatch_size: 128, training_epoch: 4,
        clip_eps_spec: { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 },
        entropy_coef_spec: { name: 'no_decay', start_val: 0.01, end_val: 0.01, start_step: 0, end_step: 0 },
      },
      memory: { name: 'OnPolicyBatchReplay' },
      net: { type: 'MLPNet', shared: false, hid_layers: [64, 64], hid_layers_activation: 'tanh', init_fn: 'orthogonal_', clip_grad_val: 0.5, loss_spec: { name: 'MSELoss' }, actor_optim_spec: { name: 'Adam', lr: 0.001 }, critic_optim_spec: { name: 'Adam', lr: 0.001 } },
    },
    env,
  },
} as const;

const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
const budget = Number(values.steps);
const colors = { dqn: ['#1f77b4', '#2ca02c', '#17becf'], ppo: ['#9467bd', '#ff7f0e', '#bcbd22'] } as const;
const series: Series[] = [];
for (const algo of values.algo!.split(',') as ('dqn' | 'ppo')[]) {
  const spec = resolveSpec(SPECS[algo]).spec;
  // The third setting learns from the demonstrations during RL only (demo_pretrain_steps 0).
  const noPretrain = resolveSpec({ ...SPECS[algo], agent: { ...SPECS[algo].agent, algorithm: { ...SPECS[algo].agent.algorithm, demo_pretrain_steps: 0 } } }).spec;
  for (const [withDemos, s] of [[false, spec], [true, spec], [true, noPretrain]] as const) {
    const pretrain = s.agent.algorithm.demo_pretrain_steps > 0;
    const label = `${spec.agent.algorithm.name}, ${withDemos ? `300 demo decisions${pretrain ? '' : ', no pre-training'}` : 'RL alone'}`;
    const results: RaceResult[] = [];
    for (const seed of seeds) {
      const demos = withDemos ? await recordEnvDemos(keyDoorEnv(), keyDoorHeuristic, { decisions: 300, seed: 5000 + seed }) : null;
      const r = await race({ spec: s, makeEnv: keyDoorEnv, seed, demos, evalEpisodes: 40, chunk: 1000, maxSteps: budget, threshold: 0.9, score: (ret) => (ret > 0 ? 1 : 0) });
      results.push(r);
      console.log(JSON.stringify({ condition: label, seed, after_pretraining: r.curve[0]!.score, steps_to_90: r.stepsToThreshold, steps_to_stay_90: r.stepsToStay, final: r.curve.at(-1)!.score, best: Math.max(...r.curve.map((p) => p.score)), demo_loss: r.demoLoss, seconds: Math.round(r.seconds) }));
    }
    const color = colors[algo][withDemos ? (pretrain ? 1 : 2) : 0];
    for (const r of results) series.push({ label, color, points: r.curve, thin: true });
    series.push({ label, color, points: medianCurve(results.map((r) => r.curve)) });
    console.log(`${label}: success at step 0 ${results.map((r) => r.curve[0]!.score.toFixed(2)).join(' / ')}; steps to 90% ${results.map((r) => r.stepsToThreshold ?? `>${budget}`).join(' / ')} (median ${median(results.map((r) => r.stepsToThreshold))}); final ${results.map((r) => r.curve.at(-1)!.score.toFixed(2)).join(' / ')}`);
  }
}
writeFileSync(values.svg!, curvesSvg(series, `key then door (11x11, reward only at the door), MLPs, ${seeds.length} seeds:\ngreedy success rate on 40 fresh episodes, RL alone vs. after 300 recorded decisions`, 'greedy success rate', 0.9));
console.log(`wrote ${values.svg}`);
