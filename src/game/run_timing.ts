/**
 * Where the fast mode's time goes, split into parts that add up to the run's wall clock: Phaser's
 * steps of every copy, capturing the observations, acting and training in the worker, the
 * transfer between the two, and the rest. The main thread measures stepping, its tick (capture
 * included) and its wait for the worker's answers; the worker measures its own acting and
 * training (trainer_timing.ts). The worker works only while the main thread ticks (after sending)
 * or waits, so what remains of tick and wait is the transfer: the tick's own bookkeeping (rewards,
 * dones, batching the steps), posting the messages, and their latency both ways.
 */
import type { TrainerTiming } from '../worker/trainer_timing';

/** What the main thread measured over one run, in wall-clock ms. */
export interface MainThreadTiming {
  /** Phaser's steps of every copy (update and render). */
  stepMs: number;
  /** The agent's ticks (capture included). */
  tickMs: number;
  /** Of the ticks: reading and packing observations (the attachment's timing.captureMs). */
  captureMs: number;
  /** Waiting for every answer of the worker before the next frame. */
  waitMs: number;
  /** The whole run. */
  totalMs: number;
}

/** A run's wall clock split into parts that sum to `totalMs` (all in ms, none negative; see splitRunTiming). */
export interface RunTiming {
  totalMs: number;
  /** Phaser's steps of all copies (update and render). */
  steppingMs: number;
  /** Reading the copies' canvases (or observe()), stacking frames and packing the batches. */
  captureMs: number;
  /** The rest of the agent's tick and the messages to and from the worker (posting, latency). */
  transferMs: number;
  /** The worker computing actions. */
  actingMs: number;
  /** The worker storing steps and running training rounds. */
  trainingMs: number;
  /** Neither: yields to the page's event loop, the run's own loop. */
  otherMs: number;
  /**
   * With a lagged actor (lagged_actor.ts): the learner's training while the game went on, not
   * part of the sum (`trainingMs` is then what the game waited for the learner). Absent otherwise.
   */
  besideMs?: number;
}

/**
 * Splits a run's time (see the file comment). `worker` is the Trainer's timing over the run only.
 * The parts sum to `main.totalMs` unless the worker's time exceeded the main thread's tick and wait
 * (it cannot, but for clock rounding): then they exceed it by as much.
 */
export function splitRunTiming(main: MainThreadTiming, worker: TrainerTiming): RunTiming {
  const actingMs = worker.actMs;
  const trainingMs = worker.storeMs + worker.trainMs;
  const capture = Math.min(main.captureMs, main.tickMs);
  // Worker time beyond the main thread's tick and wait cannot happen (it starts after a send and the
  // frame waits for its answer); clamped so that a clock's rounding never gives a negative part.
  const transferMs = Math.max(0, main.tickMs + main.waitMs - capture - actingMs - trainingMs);
  const steppingMs = main.stepMs;
  const otherMs = Math.max(0, main.totalMs - steppingMs - capture - transferMs - actingMs - trainingMs);
  return { totalMs: main.totalMs, steppingMs, captureMs: capture, transferMs, actingMs, trainingMs, otherMs };
}

/**
 * Splits a run with a lagged actor: the actor's acting is the worker's acting, the game's waits
 * for the learner (actions waiting for the round's weights, the end's last round) are its
 * training, and the rest of the learner's time ran beside the game (`besideMs`).
 */
export function splitLaggedRunTiming(main: MainThreadTiming, actor: TrainerTiming, waitedForLearnerMs: number, learner: TrainerTiming): RunTiming {
  const seen: TrainerTiming = { acts: actor.acts, actMs: actor.actMs, stores: 0, storeMs: 0, trainRounds: 0, trainMs: waitedForLearnerMs };
  const split = splitRunTiming(main, seen);
  return { ...split, besideMs: Math.max(0, learner.storeMs + learner.trainMs - split.trainingMs) };
}
