/**
 * The Agent a game developer holds: a Trainer in a module worker plus, while attached, one
 * scene's decision loop. Made by `createAgent` (create_agent.ts). The main thread never runs
 * tensors: acting and training happen in the worker; `save`/`load` move the policy file's bytes
 * between the worker and the store (IndexedDB, files, URLs) here.
 */
import type { BackendName } from '../backend/select_backend';
import type { SceneLike } from '../scene/scene_hooks';
import type { CaptureSource } from '../observe/frame_capture';
import { downloadPolicyFile } from '../store/download_policy';
import { loadDemoBytes } from '../store/demo_store';
import { decodePolicyFile } from '../store/policy_file';
import { loadPolicyFile, savePolicy, type PolicyReadOptions, type PolicySaveResult } from '../store/policy_store';
import type { BackendAttempt } from '../util/errors';
import type { BackendChange } from '../worker/backend_change';
import type { TrainerClient } from '../worker/spawn_trainer';
import type { TrainerStats, UseDemonstrationsOptions, UseDemonstrationsResult } from '../worker/trainer_types';
import type { TrainReport } from '../algorithm/algorithm';
import { WorkerError, AgentError } from '../util/errors';
import { AgentEvents, type AgentEventMap, type AgentEventName } from './agent_events';
import { resolveAttachOptions, type AttachOptions, type ResolvedAttachOptions } from '../attach/attach_options';
import type { AgentWarning } from '../attach/warnings';
import { HorizonWatch } from './horizon_warning';
import { LaggedActor } from './lagged_actor';
import { OverlapPort } from './overlap_port';
import type { TrainInfo } from '../attach/loop_events';
import type { DecisionLoop, TrainerPort } from '../attach/decision_loop';
import { attachScene, type Attachment, type SceneAttachment } from '../attach/attach_scene';
import { attachObservation, observationPipeline, type AgentObservation } from './agent_observation';
import { recordScene, type RecordOptions, type Recording } from '../attach/record_scene';

export type { Attachment } from '../attach/attach_scene';
export type { RecordOptions, Recording } from '../attach/record_scene';

/** What createAgent hands the Agent. */
export interface AgentSetup {
  client: TrainerClient;
  /** Starts a new worker with the same spec and options (for `restart`); resolves once it is initialised. */
  launch: () => Promise<TrainerClient>;
  /** Players of one scene sharing the policy (the Trainer's envs). */
  players: number;
  backend: BackendName;
  attempts: BackendAttempt[];
  warnings: string[];
  specName: string;
  params: number;
  actions: readonly string[];
  observation: AgentObservation;
  /** The resolved spec's discount (algorithm.gamma), for the 'short-horizon' warning. */
  gamma: number;
  /** The events object the worker's failure callback already reports to. */
  events: AgentEvents;
}

/** Options of `agent.save`. */
export interface AgentSaveOptions {
  /** Save the training state too (optimizers, target nets, counters), to resume training. Default true. */
  training?: boolean;
}

/** Options of `agent.load`: how much to read, and what to restore. */
export interface AgentLoadOptions extends PolicyReadOptions {
  /** 'train' (default): weights and the training state when saved; 'inference': weights only. */
  mode?: 'train' | 'inference';
}

/** Optimizer steps of one pre-training call when `onPretrain` reports progress. */
const PRETRAIN_CHUNK = 100;

/** Options of `agent.learnFromDemonstrations`. */
export interface LearnFromDemonstrationsOptions extends UseDemonstrationsOptions {
  /** Called after each chunk of pre-training (with `pretrainSteps` given): steps done, steps in all. */
  onPretrain?: (done: number, total: number) => void;
}

/** An RL agent playing (and learning) a game. Create it with `createAgent`. */
export class Agent {
  /** The backend the worker runs on ('webgpu', 'wasm' or 'cpu'); changes when a lost WebGPU device moves training to wasm ('backend-change'). */
  get backend(): BackendName {
    return this.currentBackend;
  }
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
  /** Players of one scene sharing the policy. */
  readonly players: number;

  private client: TrainerClient;
  private currentBackend: BackendName;
  private readonly launch: () => Promise<TrainerClient>;
  /** The policy last saved or loaded (where `restart` resumes from). */
  private lastPolicyUrl: string | null = null;
  private readonly events: AgentEvents;
  /** The scene attached now (its loop and handle), or null. */
  private current: SceneAttachment | null = null;
  /** The recording made by `record` last, or null. */
  private recording: Recording | null = null;
  /** Agent steps observed over the agent's life, all players (SLM Lab's frame clock). */
  private steps = 0;
  private episodes = 0;
  private disposed = false;
  /** Training rounds reported by attached scenes, and how many of them the last save or load covers. */
  private trainRounds = 0;
  private savedTrainRounds = 0;
  /** The first finished episodes of learning attachments against the discount's horizon ('short-horizon', once per agent). */
  private readonly horizon: HorizonWatch;
  /** The restart under way (see `restart`), or null. */
  private restarting: { from: string | null; done: Promise<{ from: string | null }> } | null = null;
  /** The worker of the last lagged actor started (startLaggedActor), whose crash is reported. */
  private actorClient: TrainerClient | null = null;
  /** The current attachment's port when attach asked for `overlap` (a new one after a restart). */
  private overlapPort: OverlapPort | null = null;

  private constructor(setup: AgentSetup) {
    this.client = setup.client;
    this.launch = setup.launch;
    this.players = setup.players;
    this.currentBackend = setup.backend;
    this.backendAttempts = setup.attempts;
    this.warnings = setup.warnings;
    this.specName = setup.specName;
    this.params = setup.params;
    this.actions = [...setup.actions];
    this.observation = setup.observation;
    this.events = setup.events;
    this.horizon = new HorizonWatch(setup.gamma);
  }

  /**
   * Made by createAgent only.
   * @internal
   */
  static create(setup: AgentSetup): Agent {
    return new Agent(setup);
  }

  /**
   * The worker's client (the SDK's own use: timing, policy bytes); a new one after `restart`.
   * @internal
   */
  get trainer(): TrainerClient {
    return this.client;
  }

  /** The policy last saved or loaded through this agent (what `restart` loads), or null. */
  get lastPolicy(): string | null {
    return this.lastPolicyUrl;
  }

  /** True while attached to a scene. */
  get attached(): boolean {
    return this.current !== null;
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
    const port = options?.overlap === true ? this.newOverlapPort() : undefined;
    const attachment = this.attachTo(scene, options, undefined, undefined, port);
    // Only once attach's checks passed: an attach that throws starts no second worker.
    if (port !== undefined) {
      this.overlapPort = port;
      port.begin();
    }
    return attachment;
  }

  /**
   * `attach`, with one canvas per player to read pixels from and a hook run as each player's
   * episode begins (the fast mode's copies of a game: their random starts).
   * @internal
   */
  attachTo(scene: SceneLike, options: AttachOptions, canvases?: readonly CaptureSource[], onEpisodeBegin?: (player: number, afterCut: boolean) => void, port?: TrainerPort): Attachment {
    this.live('attach');
    if (this.current !== null) throw new AgentError('attach: the agent is already attached to a scene; call detach() first');
    if (this.recording?.stopped === false) throw new AgentError('attach: the agent is recording a scene; stop() the recording first');
    const obs = this.observation;
    const trainerAlive = this.client.failureReason === null;
    let resolved: ResolvedAttachOptions | null = null;
    const made: SceneAttachment = attachScene(scene, options?.keys, {
      actions: this.actions,
      players: this.players,
      observation: attachObservation(this.observation, this.players),
      resolve: (keyPlay) => (resolved = resolveAttachOptions(options, obs.kind === 'vector' ? obs.length : null, keyPlay)),
      trainer: trainerAlive ? port ?? this.client : null,
      ...(canvases === undefined ? {} : { canvases }),
      handlers: {
        countSteps: (players) => (this.steps += players),
        onTrain: (info) => this.trained(info),
        onEpisode: (info) => {
          this.events.emit('episode', { ...info, episode: ++this.episodes });
          if (!info.truncated && learns(resolved!)) this.warn(this.horizon.episode(info.steps, resolved!.decisionPeriod));
        },
        onError: (e) => this.callFailed(e),
        onBackpressure: (info) => this.events.emit('backpressure', info),
        onWarning: (warning) => this.warn(warning),
        ...(onEpisodeBegin === undefined ? {} : { onEpisodeBegin }),
      },
      onDetach: () => {
        if (this.current === made) this.current = null;
        this.closeOverlap();
      },
    });
    if (!trainerAlive) made.loop.trainerLost();
    this.current = made;
    return made.attachment;
  }

  /**
   * Records demonstrations on `scene` while a person plays with the agent's own `keys` map (read,
   * not pressed), or the game tells the person's `action(player)`, or `heuristic(player)` plays:
   * the observations exactly as this agent sees them, the actions the game got, rewards and
   * episode ends, per player, into a demonstration file (`recording.toBytes()`; then
   * `learnFromDemonstrations`, `saveDemos`). The agent does not act or learn meanwhile; its worker
   * is not used. See RecordOptions and docs/demonstrations.md. AgentError when attached (or
   * recording already), for bad options, or when no action stands for "no key held".
   */
  record(scene: SceneLike, options: RecordOptions): Recording {
    this.live('record');
    if (this.current !== null) throw new AgentError('record: the agent is attached to a scene (it would play while the person does); call detach() first');
    if (this.recording?.stopped === false) throw new AgentError('record: the agent is recording a scene already; stop() that recording first');
    this.recording = recordScene(scene, options, {
      actions: this.actions,
      players: this.players,
      observation: attachObservation(this.observation, this.players),
      pipeline: observationPipeline(this.observation),
      onError: (e) => this.callFailed(e),
      onWarning: (w) => this.warn(w),
    });
    return this.recording;
  }

  /**
   * Stops playing the attached scene: the open episode ends as truncated (its last step observed,
   * an 'episode' event), every listener removed, keys released, pending answers ignored. Scene
   * shutdown, restart and destroy detach the same way. Does nothing when not attached.
   */
  detach(): void {
    this.current?.attachment.detach();
  }

  /**
   * Starts a new worker after the old one died (a 'worker-error') or on demand, and loads into it
   * the policy last saved or loaded through this agent (or `options.from`; `from: null` starts
   * from fresh weights). An attached scene keeps playing throughout and switches to the new worker
   * when it is ready. The old worker is ended. Emits 'restart'. Throws what loading throws
   * (StorageError, ShapeError); the agent then stays without a worker and can try again.
   * One restart runs at a time: a call made while one is under way joins it when it asks for the
   * same policy, and otherwise runs after it, so one agent never starts two workers at once.
   * AgentError when the agent is disposed before the new worker is ready (that worker is ended).
   */
  restart(options: { from?: string | null } = {}): Promise<{ from: string | null }> {
    this.live('restart');
    const from = options.from === undefined ? this.lastPolicyUrl : options.from;
    const running = this.restarting;
    if (running !== null && running.from === from) return running.done;
    const done = (running === null ? Promise.resolve() : running.done.catch(() => undefined)).then(() => this.restartNow(from));
    const entry = { from, done };
    this.restarting = entry;
    const clear = (): void => {
      if (this.restarting === entry) this.restarting = null;
    };
    done.then(clear, clear);
    return done;
  }

  private async restartNow(from: string | null): Promise<{ from: string | null }> {
    this.live('restart');
    const old = this.client;
    const client = await this.launch();
    if (this.disposed) {
      client.terminate();
      throw new AgentError('restart: the agent was disposed while its new worker was starting (the new worker was ended)');
    }
    this.client = client;
    old.terminate();
    this.current?.loop.trainerLost();
    try {
      if (from !== null) await this.load(from);
      this.currentBackend = (await client.stats()).backend ?? this.currentBackend; // the new worker chose again
    } catch (e) {
      client.terminate();
      throw e;
    }
    if (this.overlapPort !== null) {
      // The lagged actor followed the old worker's weights: a new one follows the new worker's.
      this.closeOverlap();
      const port = this.newOverlapPort();
      this.overlapPort = port;
      this.current?.loop.trainerRestored(port);
      port.begin();
    } else {
      this.current?.loop.trainerRestored(client);
    }
    this.events.emit('restart', { from });
    return { from };
  }

  /**
   * Emits `warning` as the agent's 'warning' event (playGame's 'identical-episodes').
   * @internal
   */
  reportWarning(warning: AgentWarning): void {
    this.warn(warning);
  }

  /** Adds a reward to `player`'s current decision in the attached scene (games that push events). Default player 0. */
  addReward(r: number, player = 0): void {
    this.attachedLoop('addReward').addReward(r, player);
  }

  /** Ends `player`'s episode in the attached scene at the next frame, as terminal (game over). Default player 0. */
  endEpisode(player = 0): void {
    this.attachedLoop('endEpisode').endEpisode(player);
  }

  /** Listens to 'train', 'episode', 'backpressure', 'warning', 'worker-error', 'error', 'restart', 'backend-change' or 'dispose'; returns a function that removes the listener. */
  on<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Removes a listener added with `on`. */
  off<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): void {
    this.events.off(name, fn);
  }

  /**
   * Saves the policy (spec, spaces, action names, observation pipeline, weights and, unless
   * `options.training` is false, the training state; never the replay memory) to
   * `indexeddb://name` (or a file path in Node). The worker exports the bytes; the store here
   * verifies and writes them. StorageError on failure.
   */
  async save(url: string, options: AgentSaveOptions = {}): Promise<PolicySaveResult> {
    this.live('save');
    const rounds = this.trainRounds;
    const bytes = await this.trainer.exportPolicy({ training: options.training ?? true });
    const result = await savePolicy(url, decodePolicyFile(bytes, `${url} (policy to save)`));
    this.lastPolicyUrl = url;
    this.savedTrainRounds = Math.max(this.savedTrainRounds, rounds);
    return result;
  }

  /**
   * The policy file's bytes: what `save` writes and `download` offers, and what `loadAgent(bytes)`
   * and `agent.load(bytes)` take. Carries the training state unless `options.training` is false
   * (default true, as `save`). Use it to move a policy between agents with other `players` counts
   * (an agent trained on 8 copies by `trainGame`, then played by a 1-player agent in the visible game).
   */
  async exportPolicy(options: AgentSaveOptions = {}): Promise<Uint8Array> {
    this.live('exportPolicy');
    return this.trainer.exportPolicy({ training: options.training ?? true });
  }

  /**
   * Offers the policy file to the player as a download (browsers; default name `<spec name>.ppol`):
   * the file `loadBot` / `loadAgent` take. Weights only unless `options.training` (default false:
   * a shipped bot needs no optimizer state). StorageError outside a browser page.
   */
  async download(fileName = `${this.specName}.ppol`, options: AgentSaveOptions = {}): Promise<{ fileName: string; bytes: number }> {
    this.live('download');
    const bytes = await this.trainer.exportPolicy({ training: options.training ?? false });
    downloadPolicyFile(bytes, fileName);
    return { fileName, bytes: bytes.length };
  }

  /**
   * Loads a saved policy into the agent (from indexeddb://, an http(s) URL, a file, or a policy
   * file's bytes): its weights, and in `mode` 'train' (default) its training state when it has
   * one (the step clock then goes on from the saved count). StorageError when missing or damaged;
   * ShapeError when it observes or acts in other spaces.
   */
  async load(url: string | Uint8Array, options: AgentLoadOptions = {}): Promise<void> {
    this.live('load');
    let bytes: Uint8Array;
    if (typeof url === 'string') {
      bytes = (await loadPolicyFile(url, options)).bytes;
    } else {
      bytes = url;
    }
    const rounds = this.trainRounds;
    const done = await this.trainer.importPolicy(bytes, { mode: options.mode ?? 'train' });
    this.savedTrainRounds = Math.max(this.savedTrainRounds, rounds); // the weights are the loaded ones now
    this.steps = Math.max(this.steps, done.frame);
    if (typeof url === 'string') this.lastPolicyUrl = url;
  }

  /**
   * Learns from recorded demonstrations (docs/demonstrations.md): `demos` is a demonstration
   * file's bytes or where one is (indexeddb://name, an http(s) URL, a file in Node). The agent keeps
   * them for the rest of its training (DQfD's replay share, or the cloning loss beside PPO's) and
   * first pre-trains on them alone: `options.pretrainSteps` optimizer steps (default: the spec's
   * demo_pretrain_steps). ShapeError when they observe or act in other spaces than the agent;
   * StorageError when the file is missing or damaged; TrainerError when the algorithm cannot use them.
   */
  async learnFromDemonstrations(demos: string | Uint8Array, options: LearnFromDemonstrationsOptions = {}): Promise<UseDemonstrationsResult> {
    this.live('learnFromDemonstrations');
    const bytes = typeof demos === 'string' ? await loadDemoBytes(demos) : demos;
    const { onPretrain, pretrainSteps } = options;
    if (onPretrain === undefined || pretrainSteps === undefined) return this.trainer.useDemonstrations(bytes, pretrainSteps === undefined ? {} : { pretrainSteps });
    // In chunks, so that a long pre-training shows that it moves (train --game's watchdog reads it).
    const given = await this.trainer.useDemonstrations(bytes, { pretrainSteps: 0 });
    let report: TrainReport | null = null;
    for (let done = 0; done < pretrainSteps;) {
      const n = Math.min(PRETRAIN_CHUNK, pretrainSteps - done);
      report = await this.trainer.pretrainOnDemonstrations(n);
      done += n;
      onPretrain(done, pretrainSteps);
    }
    return { ...given, report: report === null ? null : { ...report, updates: pretrainSteps } };
  }

  /**
   * Training rounds run by attached scenes since the policy was last saved or loaded (0 when
   * nothing would be lost by disposing the agent now). Counted from the 'train' events.
   */
  get unsavedTrainRounds(): number {
    return Math.max(0, this.trainRounds - this.savedTrainRounds);
  }

  /** True once `dispose` was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The worker's counters (acts, steps, training rounds, live tensors ...). */
  stats(): Promise<TrainerStats> {
    return this.trainer.stats();
  }

  /**
   * Detaches, frees the worker's tensors and ends the worker; emits 'dispose' (with the training
   * rounds not saved) and then removes every listener. Calling it again does nothing.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.detach();
    this.disposed = true;
    this.events.emit('dispose', { unsavedTrainRounds: this.unsavedTrainRounds });
    try {
      if (this.trainer.failureReason === null) await this.trainer.dispose();
    } finally {
      this.trainer.terminate();
      this.actorClient?.terminate();
      this.events.clear();
    }
  }

  /**
   * Called by createAgent when a worker fails (failures of a worker already replaced are ignored).
   * @internal
   */
  workerFailed(error: WorkerError, client: TrainerClient): void {
    if (this.disposed) return;
    if (client === this.actorClient && error.reason !== 'terminated') {
      // attach's `overlap`: the learner holds every step and round, so the attachment goes on
      // acting there (a restart would lose the training since the last save).
      if (this.overlapPort !== null && this.client.failureReason === null) return this.overlapActorFailed(error);
      // Else (train --game's copies, or a learner gone too) it stops the attachment that uses it.
      if (this.overlapPort !== null) this.current?.loop.trainerLost();
      this.events.emit('worker-error', error);
    }
    if (client !== this.client) return;
    this.current?.loop.trainerLost();
    this.events.emit('worker-error', error);
  }

  /**
   * Called by createAgent when a worker's Trainer moved off a lost WebGPU device (changes of a replaced worker are ignored).
   * @internal
   */
  backendChanged(change: BackendChange, client: TrainerClient): void {
    if (this.disposed || client !== this.client) return;
    this.currentBackend = change.to;
    this.events.emit('backend-change', change);
  }

  /**
   * A LaggedActor for this agent's next attachment (lagged_actor.ts): a second worker, started
   * and initialised as this one was, acts on weights one round behind while this one trains. A
   * reason instead where the spec's training does not come in rounds that acting leaves alone
   * (DQN, recurrent nets, episodic rollouts) or a second worker cannot be started.
   * @internal
   */
  async startLaggedActor(): Promise<LaggedActor | string> {
    this.live('startLaggedActor');
    const schedule = await this.client.roundSchedule();
    if (schedule === null) return `${this.specName}'s training is not in rounds of steps that acting leaves alone (on-policy rollouts of a feedforward net)`;
    let actor: TrainerClient;
    try {
      actor = await this.launch();
    } catch (e) {
      return `a second worker could not be started: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (this.disposed) {
      actor.terminate();
      return 'the agent was disposed while its second worker started';
    }
    this.actorClient = actor;
    return new LaggedActor(this.client, actor, schedule, {
      onTrain: (report, step) => this.trained({ ...report, step }),
      onError: (e) => this.callFailed(e),
    });
  }

  /** attach's `overlap` port on the current worker: its lagged actor, else (with an 'overlap-off' warning) the worker itself. */
  private newOverlapPort(): OverlapPort {
    return new OverlapPort(() => this.startLaggedActor(), this.client, (reason) => this.warn({
      code: 'overlap-off',
      message: `overlap: ${reason}; the agent acts in its training worker, and the game holds its last actions while a round trains`,
    }));
  }

  /** attach's `overlap` lost its second worker: the attachment acts in the training worker from now on (an 'overlap-off' warning). */
  private overlapActorFailed(error: WorkerError): void {
    this.closeOverlap();
    this.current?.loop.trainerRestored(this.client);
    this.warn({
      code: 'overlap-off',
      message: `overlap: the second worker failed (${error.message}); the agent acts in its training worker from now on (no training is lost), and the game holds its last actions while a round trains`,
    });
  }

  /** Ends the lagged actor of attach's `overlap`, if any (its learner keeps every step sent to it). */
  private closeOverlap(): void {
    const port = this.overlapPort;
    this.overlapPort = null;
    port?.close().catch((e: unknown) => this.callFailed(e));
  }

  private trained(info: TrainInfo): void {
    this.trainRounds++;
    this.events.emit('train', info);
  }

  private warn(warning: AgentWarning | null): void {
    if (warning !== null) this.events.emit('warning', warning);
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
    if (this.current === null) throw new AgentError(`${method}: the agent is not attached to a scene`);
    return this.current.loop;
  }
}

/** True when an attachment with `options` sends its steps to the trainer (its episodes are what training sees). */
function learns(options: ResolvedAttachOptions): boolean {
  return options.mode === 'train' || (options.mode === 'heuristic' && options.learnFromHeuristic);
}
