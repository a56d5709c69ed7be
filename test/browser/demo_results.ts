/**
 * What the demo pages report (window.__result), typed once for the pages that return it and the
 * tests that read it. Not a test file.
 */

export interface TensorCount {
  trainRounds: number;
  numTensors: number;
}

/** What every demo page reports (the catch page's LearnResult adds its timings and evaluations). */
export interface DemoRunResult {
  error?: string;
  backend: string;
  observation: { kind: string; width?: number; height?: number; frameStack?: number };
  errors: string[];
  brightest: number;
  trainRounds: number;
  statsSteps: number;
  statsTrainRounds: number;
  trainSteps: number;
  trainObserved: number;
  trainFrames: number;
  trainMs: number;
  totalMs: number;
  params: number;
}

/** The recall and pong pages also count the worker's tensors as they train. */
export interface Common extends DemoRunResult {
  tensors: TensorCount[];
}

export interface RecallResult extends Common {
  distinctCueObs: number;
  baseline: { episodes: number; accuracy: number };
  evaluations: { trainSteps: number; episodes: number; accuracy: number; full: boolean }[];
  reached: { trainSteps: number; episodes: number; accuracy: number; full: boolean } | null;
}

export interface PongPlay {
  balls: number;
  hits: number;
  steps: number;
}

export interface PongResult extends Common {
  actionsSeen: number[];
  before: PongPlay;
  after: PongPlay;
  trainBalls: number;
  trainHits: number;
  trainEpisodes: number;
  worker: { actCalls: number; actMs: number; observeCalls: number; observeMs: number };
}
