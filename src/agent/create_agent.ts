/**
 * `createAgent(spec, options)`: checks the options, reads the spec's frame stack, spawns the
 * trainer worker, initialises its Trainer with one env per player of the scene (`players`,
 * default 1) and resolves to an Agent, which keeps the recipe to start a new worker (`restart`).
 */
import { resolveSpec } from '../spec';
import { pipelineObservation } from '../store/observation_pipeline';
import { startInlineWorker } from '../worker/inline_worker';
import { spawnTrainer, type TrainerClient, type WorkerLike } from '../worker/spawn_trainer';
import type { BackendChange } from '../worker/backend_change';
import type { TrainerInitResult } from '../worker/trainer_types';
import type { WorkerError } from '../util/errors';
import { Agent } from './agent';
import { observationPipeline, resolveObservation, type AgentObservation } from './agent_observation';
import { AgentError } from '../util/errors';
import { AgentEvents } from './agent_events';
import { checkAgentOptions, type AgentOptions } from './agent_options';

/** createAgent's options plus a ready-made worker (tests, custom bundlers). */
export interface CreateAgentOptions extends AgentOptions {
  /**
   * A Worker (or stand-in) already running the trainer script, or a function making one per
   * start (needed for `restart` without `workerUrl`); overrides `workerUrl`.
   */
  worker?: WorkerLike | (() => WorkerLike);
}

/**
 * Creates an agent for `spec` (an SLM Lab spec: text with comments, or an object) that acts in a
 * discrete space of `options.actions`. Throws AgentError (options), SpecError (spec),
 * BackendError (no backend in the worker), WorkerError (the worker failed to start).
 * Defaults: 84x84 gray pixels stacked by the spec's env.frame_op_len (else 4), backend 'auto',
 * seed from the spec, the SDK's own worker (started from its inlined script; see inline_worker.ts).
 */
export async function createAgent(spec: unknown, options: CreateAgentOptions): Promise<Agent> {
  checkAgentOptions(options);
  // Resolved here too (it is cheap and tensor-free) for the frame stack and early SpecErrors.
  const { spec: resolved } = resolveSpec(spec, {
    ...(options.specName === undefined ? {} : { name: options.specName }),
    ...(options.players === undefined ? {} : { numEnvs: options.players }),
  });
  const o = options.observation;
  const observation: AgentObservation = resolveObservation(o, resolved.env.frame_op_len ?? null);
  // The shape a saved policy records (an imported PyTorch policy gets the same, policyFromPytorch).
  const shaped = pipelineObservation(observationPipeline(observation));
  const events = new AgentEvents();
  const players = options.players ?? 1;
  let agent: Agent | null = null;
  let init: TrainerInitResult | null = null;
  /** Spawns and initialises a worker; failures of any worker it made are routed to the agent. */
  let launches = 0;
  const launch = async (): Promise<TrainerClient> => {
    const given = options.worker;
    if (given !== undefined && typeof given !== 'function' && launches > 0) {
      throw new AgentError('restart: the agent was made with a ready-made worker; pass workerUrl or worker: () => new Worker(...) to restart it');
    }
    launches++;
    const where = typeof given === 'function' ? given() : given ?? options.workerUrl ?? await startInlineWorker();
    const client: TrainerClient = spawnTrainer(where, {
      onFailure: (e: WorkerError) => agent?.workerFailed(e, client),
      onBackendChange: (change: BackendChange) => agent?.backendChanged(change, client),
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    });
    try {
      init = await client.init({
        spec,
        ...(options.specName === undefined ? {} : { specName: options.specName }),
        obsShape: shaped.shape,
        obsDtype: shaped.dtype,
        actionSpace: { type: 'discrete', n: options.actions.length },
        numEnvs: players,
        frameStack: shaped.frameStack,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        backend: options.backend ?? 'auto',
        ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
        // Written into saved policies, so that loadAgent can rebuild this agent.
        actionNames: [...options.actions],
        ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }),
        pipeline: observationPipeline(observation),
      });
      return client;
    } catch (e) {
      client.terminate();
      throw e;
    }
  };
  const client = await launch();
  agent = Agent.create({
    client,
    launch,
    players,
    backend: init!.backend,
    attempts: init!.attempts,
    warnings: init!.warnings,
    specName: init!.specName,
    params: init!.params,
    actions: options.actions,
    observation,
    gamma: resolved.agent.algorithm.gamma,
    events,
  });
  return agent;
}
