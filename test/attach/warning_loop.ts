/**
 * A DecisionLoop with a fake trainer for the warning tests: it records warnings, errors, episodes
 * and steps, and runs frame by frame with every answer applied before the next frame. Not a test
 * file itself.
 */
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { resolveAttachOptions, type AttachOptions } from '../../src/attach/attach_options';
import { DecisionLoop } from '../../src/attach/decision_loop';
import type { ObservationSource } from '../../src/attach/observation_source';
import type { AgentWarning } from '../../src/attach/warnings';
import { CountingSource, FakeTrainer } from './fakes';

export const NAMES = ['left', 'right', 'stay'];

/** Lets the trainer's answers (resolved promises) run. */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface WarningLoopSetup {
  players?: number;
  sources?: ObservationSource[];
  keyPlay?: (name: string, player: number) => void;
}

/** A loop on `options` (act defaults to a no-op) with `players` counting sources, or the given ones. */
export function warningLoop(options: Partial<AttachOptions> = {}, setup: WarningLoopSetup = {}) {
  const players = setup.players ?? setup.sources?.length ?? 1;
  const trainer = new FakeTrainer();
  trainer.envs = players;
  const warnings: AgentWarning[] = [];
  const errors: unknown[] = [];
  const episodes: Omit<EpisodeInfo, 'episode'>[] = [];
  let steps = 0;
  const sources = setup.sources ?? Array.from({ length: players }, () => new CountingSource());
  const resolved = resolveAttachOptions({ act: () => undefined, ...options }, null, setup.keyPlay ?? null);
  const loop = new DecisionLoop(trainer, sources, resolved, NAMES, {
    countSteps: (n) => (steps += n),
    onTrain: () => undefined,
    onEpisode: (e) => episodes.push(e),
    onError: (e) => errors.push(e),
    onWarning: (w) => warnings.push(w),
  });
  /** Ticks `n` frames (sample() as the 'update' event, then the render's tick), each answer applied before the next. */
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      loop.sample();
      loop.tick();
      await settle();
    }
  };
  /** Runs frames until the loop took `decisions` decisions in all. */
  const runDecisions = async (decisions: number): Promise<void> => {
    while (loop.counters.decisions < decisions) await run(1);
  };
  const codes = (): string[] => warnings.map((w) => w.code);
  return { loop, trainer, warnings, errors, episodes, run, runDecisions, codes };
}
