/**
 * Test fixtures: random episodic env streams observed through a naive Gym-style FrameStack that
 * stores every stacked observation in full — the reference the memories are checked against.
 */
import { Rng } from '../../src/util/rng';
import type { ObsArray, Transition } from '../../src/memory/types';

/** One generated step: which stream produced it, and its index (also stored as the reward). */
export interface GeneratedStep {
  stream: number;
  id: number;
  t: Transition;
}

export interface RolloutConfig {
  streams: number;
  steps: number;
  /** frames stacked */
  k: number;
  /** positions and channels per frame */
  p: number;
  c: number;
  dtype: 'uint8' | 'float32';
  /** episodes end after 1..maxEpLen steps */
  maxEpLen: number;
  discreteActions: number;
  /** pick the acting stream at random (true) or round-robin (false) */
  shuffleStreams: boolean;
}

/** Stacks frames oldest first along the last axis: element (p, f, c) at p*K*C + f*C + c. */
export function naiveStack(frames: ObsArray[], p: number, c: number, dtype: 'uint8' | 'float32'): ObsArray {
  const k = frames.length;
  const out = dtype === 'uint8' ? new Uint8Array(p * k * c) : new Float32Array(p * k * c);
  for (let i = 0; i < p; i++)
    for (let f = 0; f < k; f++) for (let j = 0; j < c; j++) out[i * k * c + f * c + j] = frames[f][i * c + j];
  return out;
}

function randomFrame(rng: Rng, n: number, dtype: 'uint8' | 'float32'): ObsArray {
  if (dtype === 'uint8') return Uint8Array.from({ length: n }, () => rng.int(256));
  return Float32Array.from({ length: n }, () => rng.normal());
}

/**
 * Random episodes of random lengths on several streams. Each stream's observation is the last K
 * frames, the first frame repeated after reset (Gym FrameStack). Rewards are step ids.
 */
export function generateRollout(cfg: RolloutConfig, seed: number): GeneratedStep[] {
  const rng = new Rng(seed);
  const fsize = cfg.p * cfg.c;
  const history: ObsArray[][] = [];
  const left: number[] = [];
  const masks: Uint8Array[] = [];
  const mask = (): Uint8Array => Uint8Array.from({ length: cfg.discreteActions }, () => rng.int(2));
  for (let s = 0; s < cfg.streams; s++) {
    history.push([]);
    left.push(0);
    masks.push(new Uint8Array(0));
  }
  const out: GeneratedStep[] = [];
  for (let id = 0; id < cfg.steps; id++) {
    const s = cfg.shuffleStreams ? rng.int(cfg.streams) : id % cfg.streams;
    if (left[s] === 0) {
      const first = randomFrame(rng, fsize, cfg.dtype);
      history[s] = Array.from({ length: cfg.k }, () => first);
      left[s] = 1 + rng.int(cfg.maxEpLen);
      masks[s] = mask();
    }
    const obs = naiveStack(history[s], cfg.p, cfg.c, cfg.dtype);
    history[s] = [...history[s].slice(1), randomFrame(rng, fsize, cfg.dtype)];
    const nextObs = naiveStack(history[s], cfg.p, cfg.c, cfg.dtype);
    left[s]--;
    const end = left[s] === 0;
    const terminated = end && rng.uniform() < 0.5;
    // The mask of an observation is fixed once seen: the next step's obs mask is this nextMask.
    const actionMask = masks[s];
    masks[s] = mask();
    out.push({
      stream: s,
      id,
      t: {
        obs,
        action: rng.int(cfg.discreteActions),
        reward: id,
        nextObs,
        terminated,
        truncated: end && !terminated,
        actionMask,
        nextActionMask: masks[s],
      },
    });
  }
  return out;
}
