/**
 * How far a run of the copies got, kept up to date in place by trainGame / playGame when given one
 * (`progress` option): whether the copies booted, whether each scene's create() ran, frames
 * stepped, decisions taken, what each copy's done() last returned. A watchdog reads it to say what
 * a run that stopped moving had got to (`pixelpilot train --game` prints it).
 */

/** What the run is doing now. */
export type RunPhase = 'agent' | 'demonstrations' | 'booting' | 'starting' | 'running' | 'closing' | 'done';

/** A run's progress (plain data: it can be copied into a message as it is). */
export interface RunProgress {
  /** 'agent': making the agent; 'demonstrations': pre-training on them; 'booting': Phaser boots the copies; 'starting': stepping until every scene's create() ran; 'running': deciding; 'closing': the last steps go to the worker; 'done'. */
  phase: RunPhase;
  /** Copies asked for. */
  copies: number;
  /** Copies whose Phaser game finished booting. */
  booted: number;
  /** Copies whose scene's create() returned. */
  created: number;
  /** Frames stepped by hand (each a frame of every copy). */
  frames: number;
  /** Decisions taken (each one of all copies). */
  decisions: number;
  /** Agent steps observed, over all copies. */
  steps: number;
  /** Optimizer steps of pre-training on demonstrations done so far (trainGame's `demonstrations`). */
  pretrained: number;
  /** What each copy's done() last returned (null before its first call, or when the entry gives no done). */
  lastDone: (boolean | null)[];
}

/** A fresh progress record for a run of `copies` copies. */
export function newRunProgress(copies = 0): RunProgress {
  return { phase: 'agent', copies, booted: 0, created: 0, frames: 0, decisions: 0, steps: 0, pretrained: 0, lastDone: Array.from({ length: copies }, () => null) };
}
