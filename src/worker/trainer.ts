/**
 * The Trainer: the facade the worker exposes over comlink, and the browser's driver of the
 * learning core (the Node CLI's is run_loop.ts). A plain class: it runs the same in Node without a
 * worker. The main thread owns the game and the envs; the Trainer owns the backend, the algorithm
 * (nets, optimizers, memory) and the frame count.
 *
 * Calls run one at a time in the order they arrive (comlink delivers them concurrently, and an
 * `act` must not see a half-applied training step). Every call checks its inputs and throws typed
 * errors, which error_transport.ts carries to the main thread intact.
 */
import { transfer } from 'comlink';
import type { ActionBatch, Algorithm, AlgorithmContext, RoundSchedule, StepBatch, TrainReport } from '../algorithm/algorithm';
import { createAlgorithm } from '../algorithm/registry';
import { selectBackend, type BackendName } from '../backend/select_backend';
import { tf } from '../backend/tf';
import { resolveSpec } from '../spec';
import type { ResolvedSpec } from '../spec/types';
import { readPolicyArtifacts } from '../store/policy_artifact';
import { decodePolicyFile } from '../store/policy_file';
import type { ObservationPipeline } from '../store/policy_manifest';
import type { SavedTrainerCounters } from '../store/training_manifest';
import { PixelpilotError, ShapeError, SpecError, TrainerError } from '../util/errors';
import { Rng } from '../util/rng';
import { checkImportOptions, checkInitOptions, checkMasks, checkObs, checkStep, type TrainerLayout } from './trainer_checks';
import { DeviceLossGuard, type BackendChange } from './device_loss';
import { exportTrainerPolicy, planTrainerImport } from './trainer_policy';
import { zeroTrainerTiming, type TrainerTiming } from './trainer_timing';
import type { ActOptions, ExportPolicyOptions, ImportPolicyOptions, ImportPolicyResult, TrainerInitOptions, TrainerInitResult, TrainerStats, UseDemonstrationsOptions, UseDemonstrationsResult } from './trainer_types';
import { decodeDemoFile } from '../store/demo_file';
import { checkDemoSpaces } from '../store/demo_manifest';

/** How many recent warnings / events `stats()` keeps. */
const MAX_EVENTS = 20;

/** What exists between `init` and `dispose`. */
interface Session {
  spec: ResolvedSpec;
  backend: BackendName;
  layout: TrainerLayout;
  context: AlgorithmContext;
  algorithm: Algorithm;
  actionNames: readonly string[] | null;
  pipeline: ObservationPipeline | null;
}

/** A typed array whose buffer holds exactly it (and can be transferred without carrying more). */
function ownBuffer<T extends Uint8Array | Int32Array | Float32Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}

/** Marks a typed array's buffer for transfer by comlink (a no-op outside comlink). */
function transferred<T extends Uint8Array | Int32Array | Float32Array>(a: T): T {
  const own = ownBuffer(a);
  return transfer(own, [own.buffer as ArrayBuffer]);
}

const zeroCounters = (): SavedTrainerCounters => ({ acts: 0, steps: 0, frame: 0, trainRounds: 0, updates: 0, skipped: 0, lastLoss: null });

/** Options of the Trainer itself (not of a call). */
export interface TrainerOptions {
  /** Called when training moved to another backend by itself (a lost WebGPU device, see device_loss.ts). */
  onBackendChange?: (change: BackendChange) => void;
}

/** Trains and acts for one agent. Construct empty; `init` before anything else. */
export class Trainer {
  private session: Session | null = null;
  /** On WebGPU: the device's watcher (weights copied to the CPU to go on without it). */
  private device: DeviceLossGuard | null = null;
  private wasmPaths: string | undefined;

  constructor(private readonly options: TrainerOptions = {}) {}

  private queue: Promise<unknown> = Promise.resolve();
  /** acts, steps, frame, trainRounds ... (saved with the training state). */
  private counters = zeroCounters();
  /** Milliseconds spent acting, storing and training since init (not saved). */
  private clock = zeroTrainerTiming();
  private events: string[] = [];

  /** Runs `fn` after every earlier call has settled. */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const task = async (): Promise<T> => {
      if (this.device?.lost != null) await this.recoverDevice();
      return fn();
    };
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private live(method: string): Session {
    if (this.session === null) throw new TrainerError(method, 'the Trainer is not initialised: call init() first (or it was disposed)');
    return this.session;
  }

  private note(message: string): void {
    this.events.push(message);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /**
   * Resolves the spec, chooses the backend and builds the algorithm; a second `init` replaces the
   * first (its tensors are freed). Throws SpecError (bad spec), ShapeError (spaces that are
   * malformed or that the spec cannot drive), BackendError (no backend), TrainerError (options).
   */
  init(options: TrainerInitOptions): Promise<TrainerInitResult> {
    return this.serial(async () => {
      checkInitOptions(options);
      const { spec, warnings } = resolveSpec(options.spec, { ...(options.specName === undefined ? {} : { name: options.specName }), numEnvs: options.numEnvs });
      this.release();
      const selection = await selectBackend({
        gpu: options.backend ?? 'auto',
        ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
      });
      const layout: TrainerLayout = {
        obsShape: [...options.obsShape],
        obsDtype: options.obsDtype,
        actionSpace: structuredClone(options.actionSpace),
        numEnvs: options.numEnvs,
      };
      const context: AlgorithmContext = {
        agent: spec.agent,
        obsShape: [...layout.obsShape],
        obsDtype: layout.obsDtype,
        actionSpace: layout.actionSpace,
        numEnvs: layout.numEnvs,
        frameStack: options.frameStack ?? 1,
        rng: new Rng(options.seed ?? spec.meta.random_seed ?? 0),
        onEvent: (e) => this.note(`${e.type}: ${e.message}`),
        ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }),
      };
      let algorithm: Algorithm;
      try {
        algorithm = createAlgorithm(context);
      } catch (e) {
        if (!(e instanceof PixelpilotError) || e instanceof SpecError) throw e;
        const space = `observations [${layout.obsShape}] ${layout.obsDtype}, actions ${JSON.stringify(layout.actionSpace)}`;
        throw new ShapeError(`Trainer.init: spec "${spec.name}" does not fit ${space}: ${e.message}`);
      }
      for (let i = 0; i < layout.numEnvs; i++) algorithm.resetEnv(i);
      this.session = {
        spec,
        backend: selection.backend,
        layout,
        context,
        algorithm,
        actionNames: options.actionNames ? [...options.actionNames] : null,
        pipeline: options.pipeline ? structuredClone(options.pipeline) : null,
      };
      this.counters = zeroCounters();
      this.clock = zeroTrainerTiming();
      this.events = [];
      this.wasmPaths = options.wasmPaths;
      this.device = selection.backend === 'webgpu' ? DeviceLossGuard.forCurrentBackend(() => void this.serial(() => undefined)) : null;
      await this.device?.snapshot();
      const notes = warnings.map((w) => `${w.path}: ${w.message}`);
      if (spec.env.num_envs !== layout.numEnvs) {
        notes.push(`env.num_envs: the spec says ${spec.env.num_envs}, the Trainer was given numEnvs ${layout.numEnvs} (numEnvs is used)`);
      }
      notes.forEach((n) => this.note(`warning: ${n}`));
      let params = 0;
      for (const net of algorithm.nets.values()) params += net.paramCount();
      return { backend: selection.backend, attempts: selection.attempts, warnings: notes, specName: spec.name, params };
    });
  }

  /**
   * Actions for all envs from `obs` (`[numEnvs, ...obsShape]`, the init dtype) and optional
   * discrete masks (`[numEnvs, n]`, 1 = allowed). Explores unless `options.explore` is false.
   * The actions' buffer is transferred back to the caller.
   */
  act(obs: Uint8Array | Float32Array, masks?: Uint8Array | null, options: ActOptions = {}): Promise<ActionBatch> {
    return this.serial(async () => {
      const s = this.live('act');
      const started = performance.now();
      const observations = checkObs(s.layout, obs, 'Trainer.act');
      const actionMasks = checkMasks(s.layout, masks, 'Trainer.act (masks)');
      const explore = options.explore ?? true;
      let actions: ActionBatch;
      try {
        actions = await s.algorithm.act(observations, { explore, actionMasks });
      } catch (e) {
        // Acting reads nothing back but the actions: on a device lost meanwhile, act again on the new backend.
        if (this.device === null || !(await this.device.lostAfter(100))) throw e;
        await this.recoverDevice();
        actions = await s.algorithm.act(observations, { explore, actionMasks });
      }
      this.counters.acts++;
      this.clock.acts++;
      this.clock.actMs += performance.now() - started;
      return transferred(actions);
    });
  }

  /**
   * Records one step of all envs and trains when the spec says it is time. `frame` counts env
   * steps over all envs so far, this step included (it never goes back). Envs whose episode ended
   * (terminated or truncated) have their acting state reset. Returns the training round's numbers,
   * or null when it did not train.
   */
  observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    return this.serial(async () => {
      const s = this.live('observe');
      const started = performance.now();
      checkStep(s.layout, step, frame, this.counters.frame);
      const report = await s.algorithm.update(step, frame);
      if (report !== null) await this.device?.snapshot();
      for (let i = 0; i < s.layout.numEnvs; i++) {
        if (step.terminated[i] || step.truncated[i]) s.algorithm.resetEnv(i);
      }
      const c = this.counters;
      c.steps++;
      c.frame = frame;
      if (report !== null) {
        c.trainRounds++;
        c.updates += report.updates;
        c.skipped += report.skipped;
        if (report.updates > 0) c.lastLoss = report.loss;
      }
      const ms = performance.now() - started;
      if (report === null) {
        this.clock.stores++;
        this.clock.storeMs += ms;
      } else {
        this.clock.trainRounds++;
        this.clock.trainMs += ms;
      }
      return report;
    });
  }

  /**
   * The policy as a policy file's bytes (see policy_file.ts), transferred: spec, spaces, action
   * names and observation pipeline (when init had them), the acting nets' weights and, unless
   * `options.training` is false, the training state (optimizers, target nets, lr schedulers,
   * counters, random stream; never the replay memory).
   */
  exportPolicy(options: ExportPolicyOptions = {}): Promise<Uint8Array> {
    return this.serial(async () => {
      const s = this.live('exportPolicy');
      const training = options?.training ?? true;
      if (typeof training !== 'boolean') throw new TrainerError('exportPolicy', `options.training must be a boolean (got ${JSON.stringify(training)})`);
      const acting = options?.acting;
      if (acting !== undefined && acting !== 'start' && acting !== 'round') throw new TrainerError('exportPolicy', `options.acting must be 'start' or 'round' (got ${JSON.stringify(acting)})`);
      const bytes = await exportTrainerPolicy(s, this.counters, training);
      if (acting !== undefined) s.algorithm.actorCopied?.(acting === 'start');
      return transferred(bytes);
    });
  }

  /**
   * Loads a policy file into this Trainer. Its weights always; in `mode` 'train' (default) also
   * its training state when it has one (optimizers, target nets, schedulers, the algorithm's and
   * this Trainer's counters, the random stream); in 'inference', or without one, target nets copy
   * the net they follow. The policy must observe and act in the same spaces and fit the nets
   * (ShapeError) and be intact (StorageError); on any error nothing changes.
   */
  importPolicy(bytes: Uint8Array, options: ImportPolicyOptions = {}): Promise<ImportPolicyResult> {
    return this.serial(async () => {
      const s = this.live('importPolicy');
      if (!(bytes instanceof Uint8Array)) throw new TrainerError('importPolicy', `bytes must be a Uint8Array (got ${bytes === null ? 'null' : typeof bytes})`);
      const mode = checkImportOptions(options);
      const where = 'Trainer.importPolicy';
      const contents = await readPolicyArtifacts(decodePolicyFile(bytes, where), where, s.context.maxParams === undefined ? {} : { maxParams: s.context.maxParams });
      const plan = planTrainerImport(s, contents, mode, where);
      plan.commit();
      await this.device?.snapshot();
      if (plan.counters !== null) this.counters = { ...plan.counters };
      return { restoredTraining: plan.restored, frame: this.counters.frame, formatVersion: contents.manifest.formatVersion };
    });
  }

  /**
   * Learns from a demonstration file (its bytes: demo_file.ts) from now on: checks that it is
   * intact (StorageError) and recorded in this agent's spaces (ShapeError naming both: observation
   * shape, dtype and frames stacked, action space, action names when both have them), hands it to
   * the algorithm (DQfD for the DQN family, behaviour cloning beside the RL loss for the others;
   * the spec's demo and bc keys, documented defaults where it sets none) and pre-trains on it
   * (`options.pretrainSteps`, default the spec's demo_pretrain_steps). Replaces demonstrations
   * given before; on any error nothing changes. The frame count does not move.
   */
  useDemonstrations(bytes: Uint8Array, options: UseDemonstrationsOptions = {}): Promise<UseDemonstrationsResult> {
    return this.serial(async () => {
      const s = this.live('useDemonstrations');
      const where = 'Trainer.useDemonstrations';
      if (!(bytes instanceof Uint8Array)) throw new TrainerError('useDemonstrations', `bytes must be a Uint8Array (got ${bytes === null ? 'null' : typeof bytes})`);
      const steps = options?.pretrainSteps;
      if (steps !== undefined && !(Number.isSafeInteger(steps) && steps >= 0)) {
        throw new TrainerError('useDemonstrations', `options.pretrainSteps must be an integer >= 0 (got ${String(steps)})`);
      }
      const { manifest, demonstrations } = await decodeDemoFile(bytes, where);
      checkDemoSpaces(manifest, { ...s.layout, frameStack: s.context.frameStack, actionNames: s.actionNames }, where);
      const algorithm = s.algorithm;
      if (!algorithm.useDemonstrations || !algorithm.pretrainOnDemonstrations) throw new TrainerError('useDemonstrations', `${s.spec.agent.algorithm.name} cannot learn from demonstrations`);
      algorithm.useDemonstrations(demonstrations);
      const pretrain = steps ?? s.spec.agent.algorithm.demo_pretrain_steps;
      const report = pretrain > 0 ? await algorithm.pretrainOnDemonstrations(pretrain) : null;
      if (report !== null) await this.device?.snapshot();
      const loss = report?.extra['demo_loss'];
      this.note(`demonstrations: ${manifest.episodes.length} episodes, ${manifest.steps} steps${report ? `; pre-trained ${report.updates} steps, demo_loss ${loss?.toFixed(4) ?? '-'}` : ''}`);
      return { episodes: manifest.episodes.length, steps: manifest.steps, checksum: manifest.checksum, report };
    });
  }

  /**
   * More pre-training on the demonstrations given to `useDemonstrations`: `steps` optimizer steps
   * on them alone (a run that shows its progress pre-trains in chunks this way). The frame count
   * does not move. An algorithm without demonstrations says so (its own error).
   */
  pretrainOnDemonstrations(steps: number): Promise<TrainReport> {
    return this.serial(async () => {
      const s = this.live('pretrainOnDemonstrations');
      if (!(Number.isSafeInteger(steps) && steps >= 1)) throw new TrainerError('pretrainOnDemonstrations', `steps must be an integer >= 1 (got ${String(steps)})`);
      const algorithm = s.algorithm;
      if (!algorithm.pretrainOnDemonstrations) throw new TrainerError('pretrainOnDemonstrations', `${s.spec.agent.algorithm.name} cannot learn from demonstrations`);
      const report = await algorithm.pretrainOnDemonstrations(steps);
      await this.device?.snapshot();
      return report;
    });
  }

  /**
   * When training comes in rounds that acting does not feed, the observe calls until the next
   * round and between rounds (see Algorithm.roundSchedule); null otherwise. Waits for earlier calls.
   */
  roundSchedule(): Promise<RoundSchedule | null> {
    return this.serial(() => this.live('roundSchedule').algorithm.roundSchedule?.() ?? null);
  }

  /** Counters and the live tensor count (waits for earlier calls). */
  stats(): Promise<TrainerStats> {
    return this.serial(() => ({
      backend: this.session?.backend ?? null,
      ...this.counters,
      numTensors: tf.memory().numTensors,
      events: [...this.events],
    }));
  }

  /** Milliseconds spent acting, storing steps and training since `init` (waits for earlier calls). */
  timing(): Promise<TrainerTiming> {
    return this.serial(() => ({ ...this.clock }));
  }

  /** Frees every tensor the agent owns. The Trainer can be `init`ed again afterwards. */
  dispose(): Promise<void> {
    return this.serial(() => this.release());
  }

  /** Moves off a lost WebGPU device (see device_loss.ts), notes it and tells `onBackendChange`. */
  private async recoverDevice(): Promise<void> {
    const device = this.device;
    if (device === null || device.lost === null) return;
    this.device = null;
    const change = await device.recover(this.wasmPaths);
    if (this.session !== null) this.session.backend = change.to;
    this.note(`backend: ${change.reason}; training goes on on ${change.to} from the weights of the last training round (${change.restored} variables restored${change.unrestored.length ? `, ${change.unrestored.length} not: ${change.unrestored.join(', ')}` : ''})`);
    this.options.onBackendChange?.(change);
  }

  private release(): void {
    this.device?.end();
    this.device = null;
    const s = this.session;
    this.session = null;
    s?.algorithm.dispose();
  }
}
