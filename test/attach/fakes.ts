/**
 * Stand-ins for the agent's Node tests: a trainer whose answers the test releases by hand, an
 * observation source counting reads and resets, and an event emitter / scene shaped like Phaser's.
 * Not a test file itself.
 */
import type { ActionBatch, StepBatch, TrainReport } from '../../src/algorithm/algorithm';
import type { TrainerPort } from '../../src/attach/decision_loop';
import type { ObservationSource } from '../../src/attach/observation_source';
import type { EmitterLike, Listener, SceneLike } from '../../src/scene/scene_hooks';
import type { ActOptions } from '../../src/worker/trainer_types';

/** One trainer.act call: what it got and how to answer it. */
export interface ActCall {
  obs: Uint8Array | Float32Array;
  masks: Uint8Array | null;
  options: ActOptions;
  answer(action: number): void;
  fail(error: Error): void;
}

/** A trainer that records every call. With `auto`, act answers `policy(obs)` at once (a resolved promise). */
export class FakeTrainer implements TrainerPort {
  readonly acts: ActCall[] = [];
  readonly steps: { step: StepBatch; frame: number }[] = [];
  /** Report returned by observe (null: no training). */
  report: TrainReport | null = null;
  /** Envs (players) per call: an answer gives each of them the same action. */
  envs = 1;
  constructor(public auto = true, public policy: (obs: Uint8Array | Float32Array) => number = () => 1) {}

  act(obs: Uint8Array | Float32Array, masks?: Uint8Array | null, options: ActOptions = {}): Promise<ActionBatch> {
    return new Promise((resolve, reject) => {
      const call: ActCall = {
        obs,
        masks: masks ?? null,
        options,
        answer: (a) => resolve(new Int32Array(this.envs).fill(a)),
        fail: reject,
      };
      this.acts.push(call);
      if (this.auto) call.answer(this.policy(obs));
    });
  }

  observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    this.steps.push({ step, frame });
    return Promise.resolve(this.report);
  }
}

/** Observations [n] where n counts reads (1, 2, ...); counts resets. */
export class CountingSource implements ObservationSource {
  reads = 0;
  resets = 0;
  read(): Float32Array {
    return Float32Array.of(++this.reads);
  }
  reset(): void {
    this.resets++;
  }
}

/** Lets pending promise callbacks run. */
export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A minimal eventemitter3-like emitter. */
export class FakeEmitter implements EmitterLike {
  private readonly map = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.map.set(event, [...(this.map.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn?: Listener): this {
    const list = this.map.get(event) ?? [];
    this.map.set(event, fn === undefined ? [] : list.filter((f) => f !== fn));
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.map.get(event) ?? [])]) fn(...args);
  }
  listenerCount(event: string): number {
    return this.map.get(event)?.length ?? 0;
  }
  /** Listeners over all events. */
  total(): number {
    let n = 0;
    for (const l of this.map.values()) n += l.length;
    return n;
  }
}

/** A scene with a game: `frame()` plays one rendered frame ('postrender'). */
export class FakeScene implements SceneLike {
  readonly events = new FakeEmitter();
  readonly game = { events: new FakeEmitter(), canvas: { width: 400, height: 400 } as unknown as HTMLCanvasElement };
  frame(): void {
    this.game.events.emit('postrender');
  }
}

/** A small DQN MLP spec for agents that observe a vector (tests of createAgent and attach). */
export const VECTOR_SPEC = {
  agent: {
    name: 'vec_dqn',
    algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 100 }, gamma: 0.9, training_frequency: 2, training_iter: 1, training_batch_iter: 1, training_start_step: 8 },
    memory: { name: 'Replay', batch_size: 8, max_size: 200 },
    net: { type: 'MLPNet', hid_layers: [8], hid_layers_activation: 'relu', loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.01 } },
  },
  env: { name: 'game' },
  meta: { random_seed: 1 },
};

/** A scene stepped as Phaser's Systems.step and Game.step do; `status` as Phaser's scene settings. */
export class SteppedScene extends FakeScene {
  status: 'running' | 'paused' | 'sleeping' = 'running';
  readonly sys = { isActive: (): boolean => this.status === 'running' };
  /** The scene's update() method. */
  update: () => void = () => undefined;
  constructor(physics: () => void = () => undefined) {
    super();
    this.events.on('update', physics); // registered at scene boot, before create() attaches the agent
  }
  step(): void {
    if (this.status === 'running') {
      this.events.emit('preupdate');
      this.events.emit('update');
      this.update();
      this.events.emit('postupdate');
    }
    this.frame(); // the game renders (and emits 'postrender') whatever the scene's state
  }
}
