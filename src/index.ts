/**
 * pixelpilot: what a game developer uses. Create an agent from a spec (a preset or SLM Lab spec
 * text), attach it to a Phaser scene (or install `PixelpilotPlugin` and use `this.pixelpilot`),
 * save and load policies. Training runs in a Web Worker that the SDK starts itself; this entry
 * loads no tfjs on the page's main thread. Ship a trained bot with `pixelpilot/play`; the building
 * blocks (nets, algorithms, memories, optimizers, the Trainer, tf) are in `pixelpilot/lab`.
 */
import './phaser/scene_augmentation';

export { createAgent } from './agent/create_agent';
export type { CreateAgentOptions } from './agent/create_agent';
export { loadAgent } from './agent/load_agent';
export type { LoadAgentOptions } from './agent/load_agent';
export { importPyTorchPolicy } from './agent/import_pytorch_policy';
export type { ImportPyTorchPolicyOptions } from './agent/import_pytorch_policy';
export type { Agent, AgentLoadOptions, AgentSaveOptions, Attachment, RecordOptions, Recording } from './agent/agent';
export type { AgentEventMap, AgentEventName } from './agent/agent_events';
export type { EpisodeInfo, TrainInfo } from './attach/loop_events';
export type { AgentWarning, WarningCode } from './attach/warnings';
export type { BackpressureInfo, LoopCounters, LoopTiming } from './attach/decision_loop';
export type { BackendChange } from './worker/backend_change';
export type { AgentRecipe, AgentRegistry } from './phaser/agent_registry';
export type { AgentOptions, PixelObservationOptions, VectorObservationOptions } from './agent/agent_options';
export type { AgentMode, AttachOptions } from './attach/attach_options';
export type { TrainerStats } from './worker/trainer_types';
export type { TrainerTiming } from './worker/trainer_timing';
export type { BackendName } from './backend/select_backend';

export { trainGame } from './game/train_game';
export { playGame } from './game/play_game';
export { recordGame } from './game/record_game';
export type { RecordGameOptions, RecordGameResult } from './game/record_game';
export type { TrainGameOptions, TrainGameResult, EpisodePoint } from './game/train_game';
export type { PlayGameOptions, PlayGameResult } from './game/play_game';
export type { RunTiming } from './game/run_timing';
export { newRunProgress } from './game/run_progress';
export type { RunProgress, RunPhase } from './game/run_progress';
export { defineTraining } from './game/training_entry';
export type { TrainingEntry, SceneClass, StartRandom } from './game/training_entry';
export type { RandomStartsOptions } from './game/random_starts';
export type { PhaserLike } from './game/game_copies';

export { PixelpilotPlugin } from './phaser/plugin';
export type { ScenePluginEntry } from './phaser/plugin';
export type { KeyMap } from './scene/key_actuator';
export type { SceneLike } from './scene/scene_hooks';
export type { CropRect } from './observe/crop';

export { listPolicies, deletePolicy } from './store/policy_store';
export { saveDemos, loadDemoBytes, listDemos, deleteDemos, downloadDemoFile } from './store/demo_store';
export type { DemoListing, DemoSaveResult } from './store/demo_store';
export type { PolicyListing, PolicySaveResult, PolicyReadOptions } from './store/policy_store';

export { presets } from './presets/index';
export type { AgentSpecInput, SpecInput } from './presets/index';

export { PixelpilotError, SpecError, BackendError, StorageError, ShapeError, AgentError, AgentCallbackError, WorkerError, TrainerError, CaptureError, GameError } from './util/errors';
export type { SpecProblem, BackendAttempt, WorkerFailure, GameStage } from './util/errors';
