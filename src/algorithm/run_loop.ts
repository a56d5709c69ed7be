/**
 * The Node driver of the learning core: steps a VectorEnv with an Algorithm until a frame or
 * episode budget is spent. (The browser's worker is the other driver of the same Algorithm.)
 */
import type { Action } from '../env/env';
import type { EpisodeLog, EpisodeRecord } from '../env/wrappers/episode_stats';
import type { VectorEnv } from '../env/wrappers/vector_env';
import type { ActionBatch, Algorithm, ObsBatch, TrainReport } from './algorithm';

/** Options of `runLoop`. */
export interface RunLoopOptions {
  algorithm: Algorithm;
  env: VectorEnv;
  /** The log the env's episode recorder writes to (see makeVectorEnv). */
  log: EpisodeLog;
  /** Stop after this many env steps (over all envs) in this run. Default: no frame limit (give `episodes`). */
  frames?: number;
  /** Stop once this many episodes have finished during this run. Default: no episode limit. */
  episodes?: number;
  /** Explore (training) or act greedily (evaluation). Default true. */
  explore?: boolean;
  /** Call algorithm.update (store and train). Default true; false for evaluation. */
  train?: boolean;
  /**
   * Frames already trained before this run (resuming): frame numbers passed to the algorithm
   * continue from here, so schedules and training triggers carry on. Default 0.
   */
  startFrame?: number;
  /** Seed of the env's first reset. Default: the env's own (0). */
  seed?: number;
  onTrain?: (report: TrainReport, frame: number) => void;
  onEpisode?: (episode: EpisodeRecord, frame: number) => void;
  /** Called after every env step (all envs) with the frame count so far (startFrame included). */
  onStep?: (frame: number) => void;
}

/** What a run did. */
export interface RunLoopResult {
  frames: number;
  /** Episodes finished during this run. */
  episodes: number;
}

/** Row `i` of an env-major action batch, as the Env contract takes it. */
function actionRows(actions: ActionBatch, numEnvs: number): Action[] {
  const width = actions.length / numEnvs;
  if (width === 1) return Array.from(actions);
  return Array.from({ length: numEnvs }, (_, i) => Array.from(actions.subarray(i * width, (i + 1) * width)));
}

/** Steps `env` with `algorithm` until the budget is spent; resolves to what it did. */
export async function runLoop(options: RunLoopOptions): Promise<RunLoopResult> {
  const { algorithm, env, log } = options;
  if (options.frames === undefined && options.episodes === undefined) {
    throw new RangeError('runLoop needs a budget: frames or episodes');
  }
  const maxFrames = options.frames ?? Infinity;
  const maxEpisodes = options.episodes ?? Infinity;
  const explore = options.explore ?? true;
  const train = options.train ?? true;
  const n = env.numEnvs;
  const startEpisodes = log.count;
  let observations: ObsBatch = env.reset(options.seed === undefined ? {} : { seed: options.seed }).observations;
  let masks = env.actionMasks();
  for (let i = 0; i < n; i++) algorithm.resetEnv(i);
  const startFrame = options.startFrame ?? 0;
  let frame = 0;
  while (frame < maxFrames && log.count - startEpisodes < maxEpisodes) {
    const actions = await algorithm.act(observations, { explore, actionMasks: masks });
    const before = log.count;
    const result = env.step(actionRows(actions, n));
    frame += n;
    const nextMasks = env.actionMasks();
    if (train) {
      // Where an episode ended, the learner sees that episode's final observation, not the reset one.
      const size = observations.length / n;
      let nextObservations: ObsBatch = result.observations;
      if (result.finalObservations.some((o) => o !== null)) {
        nextObservations = result.observations.slice();
        result.finalObservations.forEach((o, i) => o && nextObservations.set(o, i * size));
      }
      const report = await algorithm.update(
        {
          observations,
          actions,
          rewards: result.rewards,
          nextObservations,
          terminated: result.terminated,
          truncated: result.truncated,
          actionMasks: masks,
          nextActionMasks: nextMasks,
        },
        startFrame + frame,
      );
      if (report) options.onTrain?.(report, startFrame + frame);
    }
    // A finished env was reset by the VectorEnv: its acting state (recurrent window) restarts too.
    for (let i = 0; i < n; i++) if (result.terminated[i] || result.truncated[i]) algorithm.resetEnv(i);
    for (let k = before; k < log.count; k++) options.onEpisode?.(log.episodes[k]!, startFrame + frame);
    options.onStep?.(startFrame + frame);
    observations = result.observations;
    masks = nextMasks;
  }
  return { frames: frame, episodes: log.count - startEpisodes };
}
