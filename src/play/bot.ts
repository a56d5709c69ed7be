/**
 * A Bot: a saved policy rebuilt for acting only, on the main thread. One decision is one batch-1
 * forward pass (about 2 ms for a Nature CNN on wasm) read back with `await data()` (never
 * `dataSync`, which breaks WebGPU), then the greedy action. A RecurrentNet policy acts on a window
 * of its last `seq_len` observations, exactly as the algorithms do while training; `reset()` (or
 * a new episode of an attached scene) starts the window again.
 */
import type { ActionBatch } from '../algorithm/algorithm';
import { observationTensor } from '../algorithm/observation_tensor';
import { SequenceWindow } from '../algorithm/sequence_window';
import { AgentError } from '../util/errors';
import { tf } from '../backend/tf';
import type { Action, ActionSpace } from '../env/env';
import type { SceneLike } from '../scene/scene_hooks';
import type { PolicyManifest } from '../store/policy_manifest';
import type { ActingNet } from './acting_net';
import { checkMask, checkObservation, type BotActionMask, type BotObservation } from './bot_observation';
import { greedyFromHeads } from './greedy';
import type { Attachment } from '../attach/attach_scene';
import { attachBot } from './play_attach';
import type { PlayAttachOptions } from './play_options';

/** Options of one decision. */
export interface ActOptions {
  /** Allowed actions now (truthy = allowed). Default: every action allowed. */
  actionMask?: BotActionMask | null;
}

/** One decision: the action and the heads it was chosen from. */
export interface Decision {
  /** A number (discrete), one number per sub-action (multi-discrete) or per dimension (continuous, clipped to the bounds). */
  action: Action;
  /**
   * The net's heads for this observation, in the policy's head order: Q-values (DQN family),
   * or logits / mean and log-std, plus a shared net's value, for the policy-gradient family.
   */
  heads: Float32Array[];
}

/** What loadBot hands the Bot. */
export interface BotSetup {
  manifest: PolicyManifest;
  acting: ActingNet;
  backend: string;
  actions: readonly string[];
}

/** A trained policy that acts greedily. Made by `loadBot`. */
export class Bot {
  /** The verified manifest of the loaded policy (resolved spec, spaces, weights, checksum). */
  readonly manifest: PolicyManifest;
  /** The tfjs backend it runs on ('webgpu', 'wasm' or 'cpu'). */
  readonly backend: string;
  /** The action names of a discrete policy (loadBot's `actions`, else '0', '1', ...); empty otherwise. */
  readonly actions: readonly string[];

  private acting: ActingNet | null;
  private readonly window: SequenceWindow | null;
  private attachment: Attachment | null = null;

  constructor(setup: BotSetup) {
    this.manifest = setup.manifest;
    this.acting = setup.acting;
    this.backend = setup.backend;
    this.actions = [...setup.actions];
    const obs = setup.manifest.observation;
    this.window = setup.acting.net.recurrent
      ? new SequenceWindow({ numEnvs: 1, obsShape: obs.shape, obsDtype: obs.dtype, seqLen: setup.acting.inputShape[0]! })
      : null;
  }

  /** The policy's action space. */
  get actionSpace(): ActionSpace {
    return this.manifest.actionSpace;
  }

  /** One observation as the policy takes it: `{shape, dtype, frameStack}`. */
  get observation(): PolicyManifest['observation'] {
    return this.manifest.observation;
  }

  /** True until `dispose()`. */
  get live(): boolean {
    return this.acting !== null;
  }

  /**
   * The greedy action for one observation (HxWx(C*K) uint8 pixels with frames stacked oldest
   * first, or a float vector, as the policy was trained on). ShapeError for an observation or
   * mask that does not fit the policy; AgentError after dispose().
   */
  async act(observation: BotObservation, options: ActOptions = {}): Promise<Action> {
    return (await this.decide(observation, options)).action;
  }

  /** Like `act`, also returning the heads the action was chosen from (for debugging and tests). */
  async decide(observation: BotObservation, options: ActOptions = {}): Promise<Decision> {
    const acting = this.liveNet('act');
    const x = checkObservation(observation, this.manifest.observation);
    const mask = checkMask(options.actionMask, this.manifest.actionSpace);
    // Pushed before any await, so decisions asked for in a row see their windows in order.
    const heads = await this.forwardHeads(acting, this.window ? this.window.push(x) : x);
    return { action: toAction(greedyFromHeads(this.manifest.actionSpace, acting.roles, heads, mask), this.manifest.actionSpace), heads };
  }

  /**
   * The greedy actions of several players at once (an attached scene's), each observation as `act`
   * takes one, concatenated: one forward pass. `window`, for a RecurrentNet, holds those players'
   * own observation windows (made by `playerWindows`), kept by the caller, not by the bot.
   */
  async actPlayers(observations: Uint8Array | Float32Array, players: number, window: SequenceWindow | null, mask: Uint8Array | null): Promise<Int32Array> {
    return (await this.decidePlayers(observations, players, window, mask)).actions;
  }

  /** Like `actPlayers`, also returning the heads the actions were chosen from (for debugging and tests). */
  async decidePlayers(observations: Uint8Array | Float32Array, players: number, window: SequenceWindow | null, mask: Uint8Array | null): Promise<{ actions: Int32Array; heads: Float32Array[] }> {
    const acting = this.liveNet('act');
    const heads = await this.forwardHeads(acting, window ? window.push(observations) : observations);
    return { actions: Int32Array.from(greedyFromHeads(this.manifest.actionSpace, acting.roles, heads, mask, players)), heads };
  }

  /** The acting net's heads for a batch of (windowed) observations, read back with `await data()` (never dataSync). */
  private async forwardHeads(acting: ActingNet, input: Uint8Array | Float32Array): Promise<Float32Array[]> {
    const outputs = tf.tidy(() => acting.net.forward(observationTensor(input, acting.inputShape)));
    try {
      return (await Promise.all(outputs.map((h) => h.data()))) as Float32Array[];
    } finally {
      tf.dispose(outputs);
    }
  }

  /** Observation windows for `players` players of a RecurrentNet policy (null for other nets). */
  playerWindows(players: number): SequenceWindow | null {
    const acting = this.liveNet('attach');
    if (!acting.net.recurrent) return null;
    const obs = this.manifest.observation;
    return new SequenceWindow({ numEnvs: players, obsShape: obs.shape, obsDtype: obs.dtype, seqLen: acting.inputShape[0]! });
  }

  /** A new episode: a RecurrentNet's observation window starts from zeros again. No-op otherwise. */
  reset(): void {
    this.window?.resetAll();
  }

  /**
   * Plays `scene` greedily: a decision every `decisionPeriod` frames in the game's 'postrender'
   * event, observing the canvas as the policy was trained to (or `observe()` for a vector
   * policy); see PlayAttachOptions for every default. Discrete policies only. One scene at a
   * time; detaches by itself when the scene shuts down.
   */
  attach(scene: SceneLike, options: PlayAttachOptions): Attachment {
    this.liveNet('attach');
    if (this.attachment !== null) throw new AgentError('attach: the bot is already attached to a scene; call detach() first');
    const attachment = attachBot(this, scene, options, () => {
      if (this.attachment === attachment) this.attachment = null;
    });
    this.attachment = attachment;
    return attachment;
  }

  /** Stops playing the attached scene (every listener removed). Does nothing when not attached. */
  detach(): void {
    this.attachment?.detach();
    this.attachment = null;
  }

  /** Detaches and frees every tensor the bot owns. Calling it again does nothing. */
  dispose(): void {
    this.detach();
    this.acting?.net.dispose();
    this.acting = null;
  }

  private liveNet(method: string): ActingNet {
    if (this.acting === null) throw new AgentError(`${method}: the bot was disposed`);
    return this.acting;
  }
}

/** One row of an action batch as the env-style Action. */
function toAction(batch: ActionBatch, space: ActionSpace): Action {
  return space.type === 'discrete' ? batch[0]! : Array.from(batch);
}
