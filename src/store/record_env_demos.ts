/**
 * Headless recording: a player function (a heuristic of the observation, as a person sees the
 * game) plays an Env, and its decisions go through a DemoRecorder into a demonstration file.
 * The Node counterpart of a game's recording mode, for measuring what demonstrations do without
 * a browser (benchmarks/record_demos.ts, the demonstration tests).
 */
import type { Action, Env, Observation } from '../env/env';
import { Rng } from '../util/rng';
import { DemoRecorder } from './demo_recorder';
import { ShapeError } from '../util/errors';

/** What `recordEnvDemos` takes beside the env and the player. */
export interface RecordEnvOptions {
  /** Decisions to record; the episode in progress at the end is kept, cut. */
  decisions: number;
  /** Seed of the env's first reset and of the noise. Default 0. */
  seed?: number;
  /** Probability that a decision is replaced by a uniformly random action (discrete spaces). Default 0. */
  noise?: number;
  /** See DemoRecorderOptions.reflexLag. Default 0. */
  reflexLag?: number;
  /** Recorded as the file's source. Default "heuristic". */
  source?: string;
  /** Names of the discrete actions, recorded in the file. Default none. */
  actionNames?: readonly string[];
}

/** Plays `env` with `player` for `options.decisions` decisions and returns the demonstration file's bytes. */
export async function recordEnvDemos(env: Env, player: (observation: Observation) => Action, options: RecordEnvOptions): Promise<Uint8Array> {
  const space = env.actionSpace;
  const noise = options.noise ?? 0;
  if (noise > 0 && space.type !== 'discrete') throw new ShapeError('recordEnvDemos: noise needs a discrete action space');
  const rng = new Rng(options.seed ?? 0);
  const recorder = new DemoRecorder({
    obsShape: env.observationSpace.shape,
    obsDtype: env.observationSpace.dtype,
    actionSpace: space,
    players: 1,
    reflexLag: options.reflexLag ?? 0,
    source: options.source ?? 'heuristic',
    ...(options.actionNames ? { actionNames: options.actionNames } : {}),
  });
  let observation = env.reset({ seed: options.seed ?? 0 }).observation;
  for (let d = 0; d < options.decisions; d++) {
    let action = player(observation);
    if (space.type === 'discrete' && rng.uniform() < noise) action = rng.int(space.n);
    const out = env.step(action);
    const continuous = space.type === 'continuous';
    const values = typeof action === 'number' ? [action] : action;
    recorder.add({
      observations: observation,
      actions: continuous ? Float32Array.from(values) : Int32Array.from(values),
      rewards: Float32Array.of(out.reward),
      nextObservations: out.observation,
      terminated: Uint8Array.of(out.terminated ? 1 : 0),
      truncated: Uint8Array.of(out.truncated ? 1 : 0),
    });
    observation = out.terminated || out.truncated ? env.reset().observation : out.observation;
  }
  return recorder.encode();
}
