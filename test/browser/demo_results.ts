/**
 * What the recall and pong demo pages report (window.__result), typed once for the pages that
 * return it and the test that reads it. Not a test file.
 */

export interface TensorCount {
  trainRounds: number;
  numTensors: number;
}

export interface Common {
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
  tensors: TensorCount[];
  params: number;
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
