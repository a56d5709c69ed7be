/**
 * What a browser test page watches of an agent it trains: errors and worker failures, training
 * rounds, and every step sent to the worker (the brightest pixel proves the canvas was drawn, not
 * read black). Not a test file.
 */
import type { Agent } from '../../src/agent/agent';
import type { StepBatch } from '../../src/algorithm/algorithm';

/** Live counts, updated as the agent runs. */
export interface AgentWatch {
  readonly errors: string[];
  readonly trainRounds: number;
  /** The brightest pixel of any next observation sent to the trainer. */
  readonly brightest: number;
}

/** Starts watching `agent`; `onStep` sees each step before it goes to the worker. */
export function watchAgent(agent: Agent, onStep?: (step: StepBatch) => void): AgentWatch {
  const watch = { errors: [] as string[], trainRounds: 0, brightest: 0 };
  agent.on('error', (e) => watch.errors.push(e.message));
  agent.on('worker-error', (e) => watch.errors.push(e.message));
  agent.on('train', () => watch.trainRounds++);
  const forward = agent.trainer.observe.bind(agent.trainer);
  agent.trainer.observe = (step, frame) => {
    for (const v of step.nextObservations) watch.brightest = Math.max(watch.brightest, v);
    onStep?.(step);
    return forward(step, frame);
  };
  return watch;
}
