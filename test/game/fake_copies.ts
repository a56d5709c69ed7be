/**
 * Stand-ins for the fast mode's Node tests: a Phaser-shaped `Game` that steps its scene by hand (no
 * canvas, no renderer), a rally scene whose every frame is logged, a training entry over it that
 * observes a vector, and an agent behind a real Trainer (FakeWorker) that records every step it is
 * sent. Not a test file.
 */
import type { StepBatch, TrainReport } from '../../src/algorithm/algorithm';
import { createAgent } from '../../src/agent/create_agent';
import type { Agent } from '../../src/agent/agent';
import type { PhaserLike } from '../../src/game/game_copies';
import { defineTraining, type StartRandom, type TrainingEntry } from '../../src/game/training_entry';
import { Trainer } from '../../src/worker/trainer';
import { FakeWorker } from '../worker/fake_worker';
import { VECTOR_SPEC } from '../attach/fakes';

/** Phaser's Game as far as GameCopies uses it: boots at once, `step` runs the scene's update. */
class FakeGame {
  readonly canvas = { width: 40, height: 40 } as unknown as HTMLCanvasElement;
  readonly loop = { sleep: (): void => undefined };
  private readonly scene: RallyScene;
  private destroyed = false;
  constructor(config: Record<string, unknown>) {
    this.scene = config.scene as RallyScene;
    (config.callbacks as { postBoot: (g: unknown) => void }).postBoot(this);
  }
  step(time: number, delta: number): void {
    if (this.destroyed) return;
    this.scene.update(time, delta);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** The phaser module the fast mode takes (`{ Game }`). */
export const FAKE_PHASER: PhaserLike = { Game: FakeGame as unknown as PhaserLike['Game'] };

/** A parent element for the copies (never touched by the fake games). */
export const PARENT = {} as HTMLElement;

/** Frames per round, the restart frame included: a multiple of the decision period, so rounds stay in step with decisions. */
export const ROUND = 12;
export const PERIOD = 3;
export const ACTIONS = ['left', 'stay', 'right'] as const;

/** One frame of a copy's game: its own frame number, the round's frame and the action in force. */
export interface FrameLog {
  frame: number;
  roundFrame: number;
  action: number;
}

/**
 * A round of ROUND frames, then the game restarts it by itself (as the demos' scenes do); every
 * frame pays reward 1, the round's last frame reports a game over once. It observes
 * [its own frame, the round's frame] (`clock`) or only [the round's frame, 1].
 */
export class RallyScene {
  static clock = true;
  /**
   * false: a game over does not start a new round (a lost life of a longer game): the round's
   * frames go on counting, with a game over every ROUND frames.
   */
  static ownRestart = true;
  /** Every scene made, in order (a test clears it): the frame logs of copies it cannot reach otherwise. */
  static made: RallyScene[] = [];
  readonly sys = { isActive: (): boolean => true };
  readonly log: FrameLog[] = [];
  /** What reset(scene, rng) set, per call: the first number of its stream. */
  readonly resets: number[] = [];
  frame = 0;
  roundFrame = 0;
  action = 1;
  /** Where the next round starts (reset() may move it). */
  startAt = 0;
  /** Times `scene.restart()` was called. */
  restarts = 0;
  /** Phaser's ScenePlugin as far as a restart goes: the round starts over at the next frame. */
  readonly scene = {
    restart: (): void => {
      this.restarts++;
      this.restartPending = true;
    },
  };
  private restartPending = true;
  private reward = 0;
  private done = false;

  constructor() {
    RallyScene.made.push(this);
  }

  update(_time: number, _delta: number): void {
    this.frame++;
    if (this.restartPending) {
      this.restartPending = false;
      this.roundFrame = this.startAt;
    } else this.roundFrame++;
    if (!RallyScene.ownRestart) {
      if ((this.roundFrame + 1) % ROUND === 0) this.done = true;
    } else if (this.roundFrame >= ROUND - 1) {
      this.done = true;
      this.restartPending = true;
    }
    this.reward += 1;
    this.log.push({ frame: this.frame, roundFrame: this.roundFrame, action: this.action });
  }

  readonly act = (a: number): void => {
    this.action = a;
  };
  readonly takeReward = (): number => {
    const r = this.reward;
    this.reward = 0;
    return r;
  };
  readonly takeDone = (): boolean => {
    const d = this.done;
    this.done = false;
    return d;
  };
  readonly observe = (): number[] => (RallyScene.clock ? [this.frame, this.roundFrame] : [this.roundFrame / ROUND, 1]);
}

/** The rally's training entry; `more` adds keys (reset, noop, noopMax). */
export function rallyEntry(more: Partial<TrainingEntry<RallyScene>> = {}): TrainingEntry<RallyScene> {
  return defineTraining<RallyScene>({
    game: { width: 40, height: 40 },
    scene: RallyScene,
    actions: [...ACTIONS],
    observation: { vector: 2 },
    attach: (s) => ({ act: s.act, reward: s.takeReward, done: s.takeDone, observe: s.observe, decisionPeriod: PERIOD }),
    ...more,
  });
}

/** A reset that moves the round's start by its stream and records the stream's first number. */
export function recordingReset(scene: RallyScene, rng: StartRandom): void {
  const u = rng.uniform();
  scene.resets.push(u);
  scene.startAt = Math.floor(u * 3);
}

/** A Trainer that keeps every step batch it is sent. */
export class RecordingTrainer extends Trainer {
  readonly batches: StepBatch[] = [];
  override observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    this.batches.push(step);
    return super.observe(step, frame);
  }
}

/** An agent for `players` copies of the rally on cpu, behind a FakeWorker around `trainer`. */
export async function rallyAgent(players: number, trainer = new RecordingTrainer()): Promise<{ agent: Agent; trainer: RecordingTrainer }> {
  const agent = await createAgent(VECTOR_SPEC, { actions: [...ACTIONS], observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(trainer), seed: 3, players });
  return { agent, trainer };
}
