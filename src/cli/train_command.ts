/**
 * `pixelpilot train SPEC [--name N] [--env NAME|PATH] [--steps N] [--seed S] [--backend cpu|wasm]
 * [--save FILE] [--metrics FILE] [--demos FILE] [--json]`: trains the spec's agent headless in
 * Node. With `--demos`, the agent first learns from a demonstration file (pre-training, then
 * DQfD or behaviour cloning beside the RL loss; docs/demonstrations.md); `--steps 0` then runs
 * only the pre-training.
 */
import type { Algorithm, AlgorithmContext, TrainReport } from '../algorithm/algorithm';
import { runLoop } from '../algorithm/run_loop';
import { decodeDemoFile } from '../store/demo_file';
import { checkDemoSpaces } from '../store/demo_manifest';
import { loadDemoBytes } from '../store/demo_store';
import { actingNets, targetNets } from '../algorithm/training_state';
import { selectBackend, type BackendName } from '../backend/select_backend';
import { policyArtifacts } from '../store/policy_artifact';
import { savePolicy } from '../store/policy_store';
import { Rng } from '../util/rng';
import { envNameOf, makeAlgorithm, makeRunEnv } from './agent_setup';
import { parsePositiveInt, parseMaxParams, parseSeed } from './args';
import { UsageError } from '../util/errors';
import { closeEnvQuietly } from './close_env';
import { MetricsFile, metricsInterval } from './metrics_file';
import { ProgressBar } from './progress';
import { readSpecFile } from './read_spec_file';
import { savedPolicyNote } from './saved_policy_note';
import { hasTrainingState } from '../store/policy_strip';
import type { PolicyManifest } from '../store/policy_manifest';

export interface TrainFlags {
  name?: string;
  env?: string;
  steps?: string;
  seed?: string;
  backend?: string;
  save?: string;
  metrics?: string;
  'max-params'?: string;
  demos?: string;
}

/** The `--json` result. */
export interface TrainResult {
  /** Agent steps trained, over all envs (SLM Lab's frames). */
  steps: number;
  /** Episodes that ended (open ones at the end are never counted). */
  episodes: number;
  /** `--game` only: episodes still open when the run stopped, not counted in `episodes` or the mean. */
  episodes_unfinished?: number;
  /** Mean return of the last 100 finished episodes (null if none finished). */
  return_mean_100: number | null;
  seconds: number;
  backend: BackendName;
  /** With --demos: the demonstration steps, the pre-training's optimizer steps and its last imitation loss. */
  demo_steps?: number;
  pretrain_steps?: number;
  demo_loss?: number | null;
}

function parseBackend(text: string | undefined): BackendName | false {
  if (text === undefined) return false; // Node has no WebGPU: wasm, then cpu
  if (text !== 'cpu' && text !== 'wasm') throw new UsageError(`--backend must be cpu or wasm, got '${text}'`);
  return text;
}

/** Trains; `log` receives human-readable lines (warnings, the final summary). */
export async function train(specPath: string, flags: TrainFlags, log: (line: string) => void): Promise<TrainResult> {
  const { spec, warnings } = await readSpecFile(specPath, flags.name);
  for (const w of warnings) log(`warning: ${w.path}: ${w.message}`);
  // With demonstrations, --steps 0 means: pre-train only.
  const steps = flags.steps !== undefined ? (flags.demos !== undefined && flags.steps.trim() === '0' ? 0 : parsePositiveInt('steps', flags.steps)) : spec.env.max_frame;
  if (steps === null) throw new UsageError('--steps is required: the spec sets no env.max_frame');
  const seed = parseSeed(flags.seed, spec.meta.random_seed ?? 0);
  const maxParams = parseMaxParams(flags['max-params']);
  const selection = await selectBackend({ gpu: parseBackend(flags.backend) });
  for (const a of selection.attempts) log(`backend ${a.backend} unavailable (${a.reason}); using ${selection.backend}`);
  const envName = envNameOf(spec, flags.env);
  const { env, log: episodes } = await makeRunEnv(spec, envName);
  let made: ReturnType<typeof makeAlgorithm>;
  try {
    made = makeAlgorithm(spec, env, envName, new Rng(seed), maxParams);
  } catch (e) {
    closeEnvQuietly(env, envName, log);
    throw e;
  }
  const { algorithm, context } = made;
  context.onEvent = (e) => log(`${e.type}: ${e.message}`);
  const started = Date.now();
  let metrics: MetricsFile | null = null;
  let demo: Pick<TrainResult, 'demo_steps' | 'pretrain_steps' | 'demo_loss'> = {};
  try {
    if (flags.demos !== undefined) demo = await learnFromDemos(flags.demos, algorithm, context, spec.agent.algorithm.demo_pretrain_steps, log);
    const progress = new ProgressBar(Math.max(1, steps));
    metrics = new MetricsFile(flags.metrics, metricsInterval(spec.meta.log_frequency, steps));
    const m = metrics;
    await runLoop({
      algorithm,
      env,
      log: episodes,
      frames: steps,
      seed,
      onTrain: (report) => m.addRound(report),
      onStep: (step) => {
        progress.update(step, episodes.meanReturn(100), m.loss);
        m.step(step, episodes.count, episodes.meanReturn(100), (Date.now() - started) / 1000);
      },
    });
    progress.done();
    if (flags.save !== undefined) {
      // With the training state (no Trainer counters: a Trainer resumes at `steps`).
      const state = algorithm.trainingState ? await algorithm.trainingState() : { counters: {}, optimizers: [], schedulers: [] };
      const artifacts = await policyArtifacts({
        spec,
        observation: { shape: context.obsShape, dtype: context.obsDtype, frameStack: context.frameStack },
        actionSpace: context.actionSpace,
        frames: steps,
        nets: actingNets(algorithm),
        training: { algorithm: spec.agent.algorithm.name, ...state, trainer: null, rng: context.rng.getState(), targetNets: targetNets(algorithm) },
      });
      // Written beside the target, then renamed over it: a failed save leaves the old file.
      await savePolicy(flags.save, artifacts);
      log(await savedPolicyNote(flags.save, hasTrainingState(artifacts.modelTopology as PolicyManifest)));
    }
  } finally {
    metrics?.close();
    algorithm.dispose();
    closeEnvQuietly(env, envName, log);
  }
  return {
    steps,
    episodes: episodes.count,
    return_mean_100: finiteOrNull(episodes.meanReturn(100)),
    seconds: (Date.now() - started) / 1000,
    backend: selection.backend,
    ...demo,
  };
}

/** Reads, checks and learns from the demonstration file at `path` (pre-training included). */
async function learnFromDemos(path: string, algorithm: Algorithm, context: AlgorithmContext, pretrainSteps: number, log: (line: string) => void): Promise<Pick<TrainResult, 'demo_steps' | 'pretrain_steps' | 'demo_loss'>> {
  const { manifest, demonstrations } = await decodeDemoFile(await loadDemoBytes(path), path);
  checkDemoSpaces(manifest, context, `--demos ${path}`);
  if (!algorithm.useDemonstrations || !algorithm.pretrainOnDemonstrations) throw new UsageError(`--demos: ${context.agent.algorithm.name} cannot learn from demonstrations`);
  algorithm.useDemonstrations(demonstrations);
  const report = pretrainSteps > 0 ? await algorithm.pretrainOnDemonstrations(pretrainSteps) : null;
  return demoResult({ episodes: manifest.episodes.length, steps: manifest.steps, report }, path, log);
}

/** What `--demos` adds to the JSON (`train --env` and `--game`), after a line saying what was learned. */
export function demoResult(d: { episodes: number; steps: number; report: TrainReport | null }, path: string, log: (line: string) => void): Pick<TrainResult, 'demo_steps' | 'pretrain_steps' | 'demo_loss'> {
  const loss = d.report?.extra['demo_loss'] ?? null;
  const pretrained = d.report?.updates ?? 0;
  log(`demonstrations: ${d.episodes} episodes, ${d.steps} steps from ${path}; pre-trained ${pretrained} steps, demo_loss ${loss === null ? '-' : loss.toFixed(4)}`);
  return { demo_steps: d.steps, pretrain_steps: pretrained, demo_loss: loss };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
