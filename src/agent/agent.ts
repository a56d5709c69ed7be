/**
 * The Agent a game developer holds: a Trainer in a module worker plus, while attached, one
 * scene's decision loop. Made by `createAgent` (create_agent.ts). The main thread never runs
 * tensors: acting and training happen in the worker; `save`/`load` move the policy file's bytes
 * between the worker and the store (IndexedDB, files, URLs) here.
 */
import type { BackendName } from '../backend/select_backend';
import { hookScene, type SceneHooks, type SceneLike } from '../phaser/scene_hooks';
import { decodePolicyFile, encodePolicyFile } from '../store/policy_file';
import { loadPolicyArtifacts, savePolicy, type PolicyReadOptions, type PolicySaveResult } from '../store/policy_store';
import type { BackendAttempt } from '../util/errors';
import type { TrainerClient } from '../worker/spawn_trainer';
import type { TrainerStats } from '../worker/trainer_types';
import { WorkerError } from '../worker/worker_error';
import { AgentError } from './agent_error';
import { AgentEvents, type AgentEventMap, type AgentEventName } from './agent_events';
import { resolveAttachOptions, type AttachOptions, type PixelObservationOptions } from './agent_options';
import { DecisionLoop, type LoopCounters } from './decision_loop';
import { pixelSource, vectorSource, type ObservationSource } from './observation_source';

/** How the agent observes, fully resolved. */
export type AgentObservation =
  | { kind: 'pixels'; width: number; height: number; grayscale: boolean; frameStack: number; crop: PixelObservationOptions['crop'] }
  | { kind: 'vector'; length: number };

/** What createAgent hands the Agent. */
export interface AgentSetup {
  client: TrainerClient;
  backend: BackendName;
  attempts: BackendAttempt[];
  warnings: string[];
  specName: string;
  params: number;
  actions: readonly string[];
  observation: AgentObservation;
  /** The events object the worker's failure callback already reports to. */
  events: AgentEvents;
}

/** A live attachment of an agent to a scene. */
export interface Attachment {
  /** Counters of this attachment (frames, decisions, episodes, steps observed, ...). */
  readonly counters: Readonly<LoopCounters>;
  /** Removes every listener the agent added to the scene and ignores pending answers. */
  detach(): void;
}

/** An RL agent playing (and learning) a game. Create it with `createAgent`. */
export class Agent {
  /** The backend the worker runs on ('webgpu', 'wasm' or 'cpu'). */
  readonly backend: BackendName;
  /** Backends tried before it, each with why it failed. */
  readonly backendAttempts: readonly BackendAttempt[];
  /** Spec warnings (keys with no meaning here ...). */
  readonly warnings: readonly string[];
  /** The resolved spec's name. */
  readonly specName: string;
  /** Trainable parameters of all nets. */
  readonly params: number;
  /** The action names; action i is `actions[i]`. */
  readonly actions: readonly string[];
  /** How the agent observes. */
  readonly observation: AgentObservation;
  /** The worker's client (advanced use: stats, direct calls). */
  readonly trainer: TrainerClient;

  private readonly events: AgentEvents;
  private loop: DecisionLoop | null = null;
  private hooks: SceneHooks | null = null;
  private frame = 0;
  private episodes = 0;
  private disposed = false;

  constructor(setup: AgentSetup) {
    this.trainer = setup.client;
    this.backend = setup.backend;
    this.backendAttempts = setup.attempts;
    this.warnings = setup.warnings;
    this.specName = setup.specName;
    this.params = setup.params;
    this.actions = [...setup.actions];
    this.observation = setup.observation;
    this.events = setup.events;
  }

  /** True while attached to a scene. */
  get attached(): boolean {
    return this.loop !== null;
  }

  /** Episodes finished over the agent's life. */
  get episodeCount(): number {
    return this.episodes;
  }

  /**
   * Starts playing `scene`: a decision every `decisionPeriod` frames in the game's 'postrender'
   * event (see AttachOptions for every default). Detaches by itself when the scene shuts down or
   * is destroyed. One scene at a time: throws AgentError when already attached or disposed.
   */
  attach(scene: SceneLike, options: AttachOptions): Attachment {
    this.live('attach');
    if (this.loop !== null) throw new AgentError('attach: the agent is already attached to a scene; call detach() first');
    const obs = this.observation;
    const resolved = resolveAttachOptions(options, obs.kind === 'vector' ? obs.length : null);
    if (scene?.game?.events === undefined || scene.events === undefined) throw new AgentError('attach: scene must be a Phaser scene (with scene.game and scene.events); attach in or after create()');
    const source: ObservationSource = obs.kind === 'vector'
      ? vectorSource(resolved.observe!, obs.length)
      : pixelSource(scene.game.canvas, obs);
    const trainerAlive = this.trainer.failureReason === null;
    const loop = new DecisionLoop(trainerAlive ? this.trainer : null, source, resolved, this.actions, {
      nextFrame: () => ++this.frame,
      onTrain: (info) => this.events.emit('train', info),
      onEpisode: (info) => this.events.emit('episode', { ...info, episode: ++this.episodes }),
      onError: (e) => this.callFailed(e),
    });
    if (!trainerAlive) loop.trainerLost();
    this.loop = loop;
    this.hooks = hookScene(scene, () => loop.tick(), () => this.detach());
    return {
      counters: loop.counters,
      detach: () => {
        if (this.loop === loop) this.detach();
      },
    };
  }

  /** Stops playing the attached scene: every listener removed, pending answers ignored. Does nothing when not attached. */
  detach(): void {
    this.loop?.stop();
    this.hooks?.remove();
    this.loop = null;
    this.hooks = null;
  }

  /** Adds a reward to the current decision of the attached scene (for games that push events). */
  addReward(r: number): void {
    this.attachedLoop('addReward').addReward(r);
  }

  /** Ends the attached scene's episode at the next frame, as terminal (game over). */
  endEpisode(): void {
    this.attachedLoop('endEpisode').endEpisode();
  }

  /** Listens to 'train', 'episode', 'worker-error' or 'error'; returns a function that removes the listener. */
  on<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Removes a listener added with `on`. */
  off<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): void {
    this.events.off(name, fn);
  }

  /**
   * Saves the policy (spec, spaces, weights) to `indexeddb://name` (or a file path in Node).
   * The worker exports the bytes; the store here verifies and writes them. StorageError on failure.
   */
  async save(url: string): Promise<PolicySaveResult> {
    this.live('save');
    const bytes = await this.trainer.exportPolicy();
    return savePolicy(url, decodePolicyFile(bytes, `${url} (policy to save)`));
  }

  /**
   * Loads a saved policy's weights into the agent (from indexeddb://, an http(s) URL, a file).
   * StorageError when missing or damaged; ShapeError when it observes or acts in other spaces.
   */
  async load(url: string, options?: PolicyReadOptions): Promise<void> {
    this.live('load');
    const artifacts = await loadPolicyArtifacts(url, options);
    const raw = artifacts.weightData;
    const weightData = Array.isArray(raw) ? concat(raw) : raw;
    await this.trainer.importPolicy(encodePolicyFile({ ...artifacts, weightData }));
  }

  /** The worker's counters (acts, steps, training rounds, live tensors ...). */
  stats(): Promise<TrainerStats> {
    return this.trainer.stats();
  }

  /** Detaches, frees the worker's tensors and ends the worker. Listeners are removed. Calling it again does nothing. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.detach();
    this.disposed = true;
    try {
      if (this.trainer.failureReason === null) await this.trainer.dispose();
    } finally {
      this.trainer.terminate();
      this.events.clear();
    }
  }

  /** Called by createAgent when the worker fails. */
  workerFailed(error: WorkerError): void {
    if (this.disposed) return;
    this.loop?.trainerLost();
    this.events.emit('worker-error', error);
  }

  private callFailed(e: unknown): void {
    // A crash or termination is reported once, as 'worker-error', by workerFailed.
    if (e instanceof WorkerError && e.reason !== 'timeout') return;
    this.events.emit('error', e instanceof Error ? e : new Error(String(e)));
  }

  private live(method: string): void {
    if (this.disposed) throw new AgentError(`${method}: the agent was disposed`);
  }

  private attachedLoop(method: string): DecisionLoop {
    this.live(method);
    if (this.loop === null) throw new AgentError(`${method}: the agent is not attached to a scene`);
    return this.loop;
  }
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}
