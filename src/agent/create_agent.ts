/**
 * `createAgent(spec, options)`: checks the options, reads the spec's frame stack, spawns the
 * trainer worker, initialises its Trainer for one env (numEnvs = 1: one game scene; several
 * scenes or game instances per agent are a later step) and resolves to an Agent.
 */
import { resolveSpec } from '../spec';
import { spawnTrainer, type WorkerLike } from '../worker/spawn_trainer';
import type { WorkerError } from '../worker/worker_error';
import { Agent, type AgentObservation } from './agent';
import { AgentEvents } from './agent_events';
import { checkAgentOptions, isVectorObservation, type AgentOptions } from './agent_options';

/** createAgent's options plus a ready-made worker (tests, custom bundlers). */
export interface CreateAgentOptions extends AgentOptions {
  /** A Worker (or stand-in) already running the trainer script; overrides `workerUrl`. */
  worker?: WorkerLike;
}

/** The package's worker script, next to this module in dist/. */
function defaultWorkerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

/**
 * Creates an agent for `spec` (an SLM Lab spec: text with comments, or an object) that acts in a
 * discrete space of `options.actions`. Throws AgentError (options), SpecError (spec),
 * BackendError (no backend in the worker), WorkerError (the worker failed to start).
 * Defaults: 84x84 gray pixels stacked by the spec's env.frame_op_len (else 4), backend 'auto',
 * seed from the spec, the package's dist/worker.js.
 */
export async function createAgent(spec: unknown, options: CreateAgentOptions): Promise<Agent> {
  checkAgentOptions(options);
  // Resolved here too (it is cheap and tensor-free) for the frame stack and early SpecErrors.
  const { spec: resolved } = resolveSpec(spec, options.specName === undefined ? {} : { name: options.specName });
  const o = options.observation;
  const observation: AgentObservation = isVectorObservation(o)
    ? { kind: 'vector', length: o.vector }
    : {
      kind: 'pixels',
      width: o?.width ?? 84,
      height: o?.height ?? 84,
      grayscale: o?.grayscale ?? true,
      frameStack: o?.frameStack ?? resolved.env.frame_op_len ?? 4,
      crop: o?.crop,
    };
  const events = new AgentEvents();
  let agent: Agent | null = null;
  const client = spawnTrainer(options.worker ?? options.workerUrl ?? defaultWorkerUrl(), {
    onFailure: (e: WorkerError) => agent?.workerFailed(e),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  const pixels = observation.kind === 'pixels';
  try {
    const init = await client.init({
      spec,
      ...(options.specName === undefined ? {} : { specName: options.specName }),
      obsShape: observation.kind === 'pixels'
        ? [observation.height, observation.width, (observation.grayscale ? 1 : 3) * observation.frameStack]
        : [observation.length],
      obsDtype: pixels ? 'uint8' : 'float32',
      actionSpace: { type: 'discrete', n: options.actions.length },
      numEnvs: 1,
      frameStack: observation.kind === 'pixels' ? observation.frameStack : 1,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      backend: options.backend ?? 'auto',
      ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
    });
    agent = new Agent({
      client,
      backend: init.backend,
      attempts: init.attempts,
      warnings: init.warnings,
      specName: init.specName,
      params: init.params,
      actions: options.actions,
      observation,
      events,
    });
    return agent;
  } catch (e) {
    client.terminate();
    throw e;
  }
}
