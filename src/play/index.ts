/**
 * `pixelpilot/play`: the inference-only entry point. Loads a saved policy and plays a scene (or
 * answers `act` calls) greedily, on the main thread. It bundles the nets' forward passes, the
 * policy readers and the canvas capture, and none of the training code (optimizers, losses,
 * memories, the algorithms' updates, the trainer and its worker).
 */
export { loadBot } from './load_bot';
export type { LoadBotOptions, PolicyInput, BotPixelObservation } from './load_bot';
export { Bot } from './bot';
export type { ActOptions, Decision } from './bot';
export type { BotObservation, BotActionMask } from './bot_observation';
/** A bot's attachment to a scene: the same handle as an Agent's. */
export type { Attachment, Attachment as PlayAttachment } from '../attach/attach_scene';
export type { PlayAttachOptions, PlayEpisode } from './play_options';
export type { LoopCounters as PlayCounters } from '../attach/decision_loop';
export type { AgentWarning, WarningCode } from '../attach/warnings';
export type { PolicyManifest } from '../store/policy_manifest';
export type { Action, ActionSpace } from '../env/env';
export type { SceneLike } from '../scene/scene_hooks';
export type { CropRect } from '../observe/crop';
export { cropFromViewport } from '../observe/crop';
export { PixelpilotError, StorageError, ShapeError, BackendError, SpecError, AgentError, AgentCallbackError } from '../util/errors';
