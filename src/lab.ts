/**
 * `pixelpilot/lab`: the building blocks, for RL engineers, listed by layer from the bottom up (see
 * docs/architecture.md): errors and randomness; tf and backend selection; specs; nets; training
 * (losses, optimizers); envs; memories; algorithms and the Node run loop; the policy file;
 * observations; the Trainer and its worker transport; the decision loop and the scene adapter;
 * agents and the Phaser plugin. Importing it chooses no backend: call `selectBackend` (or
 * `createAgent`) to pick one. Game code needs only `pixelpilot` (and `pixelpilot/play` to ship a bot).
 */

// util: errors and randomness
export {
  PixelpilotError, SpecError, BackendError, StorageError, ShapeError, AgentError, AgentCallbackError,
  CaptureError, EnvError, MemoryError, TrainerError, WorkerError, UsageError, GameError,
} from './util/errors';
export type { SpecProblem, BackendAttempt, AttachCallbackName, WorkerFailure, GameStage } from './util/errors';
export { Rng } from './util/rng';
export type { RngState } from './util/rng';

// backend: tf with the SDK's gradient and kernel fixes, and the choice of backend
export { tf } from './backend/tf';
export { selectBackend } from './backend/select_backend';
export type { BackendName, BackendSelection, SelectBackendOptions } from './backend/select_backend';

// spec: SLM Lab spec files in, complete frozen ResolvedSpecs out
export { parseSpecText } from './spec/parse_text';
export { resolveSpec, specNames } from './spec/resolve';
export type { ResolveOptions, ResolveResult } from './spec/resolve';
export { deepFreeze } from './spec/deep_freeze';
export {
  NET_DEFAULTS, RNN_DEFAULTS, CONV_ROW_DEFAULTS, LOSS_DEFAULTS, OPTIM_DEFAULT_NAME, OPTIM_DEFAULTS, OPTIM_KEYS,
  LR_SCHEDULER_DEFAULTS, AMAGO_DEFAULTS, AMAGO_KWARGS, AUG_DEFAULTS, ALGORITHM_DEFAULTS, SCHEDULE_DEFAULTS,
  MEMORY_DEFAULTS, ENV_DEFAULTS, META_DEFAULTS, LIMITS, DEMO_DEFAULTS,
} from './spec/defaults';
export type {
  NetType, AmagoCnnName, Activation, InitFn, Pair, ConvRow, AmagoCnnSpec, LossName, LossSpec, OptimName, OptimSpec,
  LrSchedulerSpec, AugSpec, ResolvedNetSpec, AlgorithmName, ActionPdtype, ActionPolicy, ScheduleName, ScheduleSpec,
  AlgorithmSpecBase, DemoSpecBase, DqfdSpec, BcSpec, DqnAlgorithmSpec, ReinforceAlgorithmSpec, ActorCriticAlgorithmSpec, PpoAlgorithmSpec,
  ResolvedAlgorithmSpec, MemoryName, ReplayMemorySpec, PrioritizedReplayMemorySpec, OnPolicyMemorySpec,
  ResolvedMemorySpec, ResolvedAgentSpec, ResolvedEnvSpec, ResolvedMetaSpec, ResolvedSpec, SpecWarning,
} from './spec/types';
export { presets } from './presets/index';
export type { AgentSpecInput, SpecInput } from './presets/index';

// net: nets built from resolved specs, heads, init, PyTorch layouts
export { buildNet, isStatefulNet } from './net/net';
export type { BuildNetOptions, ForwardOptions, LayerSummary, NamedParam, Net, RnnState, StatefulNet } from './net/net';
export { inferOutDims } from './net/heads';
export type { HeadRole, NetPlan, OutDimsPlan } from './net/heads';
export { describePytorchLayout, oursToPytorch, pytorchToOurs } from './net/pytorch_layout';
export type { PytorchParamLayout } from './net/pytorch_layout';
export { formatSummary } from './net/summary';
export { calculateGain } from './net/init';
export { DrQv2Aug } from './net/drqv2_aug';

// train: losses, optimizers, schedules, clipping, target nets
export { buildLoss } from './train/losses';
export type { LossFn } from './train/losses';
export { createOptimizer, OPTIMIZERS } from './train/optimizers/registry';
export type { Optimizer, OptimizerState } from './train/optimizers/optimizer';
export { createLrScheduler } from './train/lr_scheduler';
export { clipGradNorm, globalNorm } from './train/clip_grad';
export { copyWeights, polyakUpdate } from './train/target_update';
export { trainStep } from './train/train_step';
export { largeMarginLoss, l2Penalty } from './train/demo_losses';

// env: Gymnasium-shaped envs and wrappers
export type {
  Env, EnvFactory, ObservationSpace, ActionSpace, DiscreteSpace, MultiDiscreteSpace, ContinuousSpace, Observation,
  Action, ResetOptions, ResetResult, StepResult,
} from './env/env';
export { validateEnv } from './env/env';
export { ENVS, makeEnv, makeBuiltinEnv, isBuiltinEnv } from './env/registry';
export { VectorEnv } from './env/wrappers/vector_env';
export { EpisodeLog } from './env/wrappers/episode_stats';
export { wrapEnv, makeVectorEnv, readEnvWrapperSpec } from './env/wrappers/from_spec';
export { catchHeuristic } from './env/catch_heuristic';

// memory: replay memories
export { MEMORIES, createMemory } from './memory/registry';
export type { MemorySpec, MemoryOptions, Transition } from './memory/types';
export type { DemoEpisode, Demonstrations } from './memory/demonstrations';

// algorithm: the algorithms and the Node run loop
export type { Algorithm, AlgorithmContext, StepBatch, TrainReport, ActionBatch, ObsBatch } from './algorithm/algorithm';
export { actingNets, targetNets } from './algorithm/training_state';
export type { AlgorithmTrainingState } from './algorithm/training_state';
export { runLoop } from './algorithm/run_loop';
export { discountedReturns, gae } from './algorithm/returns';
export { scheduledValue } from './algorithm/var_schedule';

// store: the policy file, its stores, PyTorch weights
export { policyArtifacts, readPolicyArtifacts, applyWeights, planWeights, savedOptimizerStates } from './store/policy_artifact';
export type { PolicySource, PolicyContents, PolicyTrainingSource, PlanWeightsOptions } from './store/policy_artifact';
export { encodePolicyFile, decodePolicyFile } from './store/policy_file';
export { POLICY_FORMAT, POLICY_FORMAT_VERSION, READABLE_POLICY_VERSIONS } from './store/policy_manifest';
export type { ObservationPipeline, PipelineCrop, PolicyManifest, PolicyWeightEntry, PolicyWeightKind } from './store/policy_manifest';
export type { SavedOptimizer, SavedTrainerCounters, TrainingManifest } from './store/training_manifest';
export { savePolicy, loadPolicy, loadPolicyArtifacts, listPolicies, deletePolicy, DEFAULT_MAX_POLICY_BYTES } from './store/policy_store';
export type { PolicyListing, PolicySaveResult, PolicyReadOptions } from './store/policy_store';
export { readSafetensors, encodeSafetensors } from './store/safetensors';
export { importPytorchStateDict, importPytorchNets, prefixStateDicts } from './store/pytorch_import';
export { policyFromSafetensors } from './store/safetensors_policy';
export type { SafetensorsPolicyOptions } from './store/safetensors_policy';
export { policyFromPytorch } from './store/pytorch_policy';
export type { PytorchPolicyOptions } from './store/pytorch_policy';
export { pipelineFromOptions, pipelineObservation, DEFAULT_FRAME_STACK } from './store/observation_pipeline';
export type { PipelineOptions, PolicyObservation } from './store/observation_pipeline';
export { policyToSafetensors, pytorchStateDict, STATE_DICT_FORMAT, STATE_DICT_FORMAT_VERSION } from './store/pytorch_export';
export type { PytorchExportTensor } from './store/pytorch_export';
export { policyToOnnx, ML_AGENTS_EXPORT_VERSION, ONNX_OPSET, ONNX_IR_VERSION } from './store/onnx_export';
export { weightsOnlyArtifacts, hasTrainingState } from './store/policy_strip';
// store: demonstration files (docs/demonstrations.md)
export { encodeDemoFile, decodeDemoFile } from './store/demo_file';
export type { DemoFile, DemoFileInfo } from './store/demo_file';
export { DEMO_FORMAT, DEMO_FORMAT_VERSION, DEMO_LIMITS, checkDemoSpaces } from './store/demo_manifest';
export type { DemoManifest, DemoEpisodeEntry } from './store/demo_manifest';
export { DemoRecorder } from './store/demo_recorder';
export type { DemoRecorderOptions } from './store/demo_recorder';
export { saveDemos, loadDemos, loadDemoBytes, listDemos, deleteDemos, downloadDemoFile, DEFAULT_MAX_DEMO_BYTES } from './store/demo_store';
export type { DemoListing, DemoSaveResult } from './store/demo_store';
export { recordEnvDemos } from './store/record_env_demos';
export type { RecordEnvOptions } from './store/record_env_demos';
export type { PolicyData } from './store/policy_nets';

// observe: canvas capture and frame stacking
export { FrameCapture, sourceSize } from './observe/frame_capture';
export type { CaptureSource, FrameCaptureOptions, ScratchCanvasKind } from './observe/frame_capture';
export { FrameStack } from './observe/frame_stack';
export type { FrameStackOptions } from './observe/frame_stack';
export { resolveCrop, checkCrop, cropFromViewport } from './observe/crop';
export type { CropRect, Viewport, Size } from './observe/crop';
export { packRgba, luma, LUMA_WEIGHTS } from './observe/pack_pixels';
export type { FrameChannels } from './observe/pack_pixels';

// worker: the Trainer (runs in the worker), its client, the typed-error transport
export { Trainer } from './worker/trainer';
export type { TrainerOptions } from './worker/trainer';
export { DeviceLossGuard, postBackendChange, BACKEND_CHANGE_MESSAGE } from './worker/device_loss';
export type { BackendChange } from './worker/device_loss';
export type { ActOptions, ExportPolicyOptions, ImportPolicyOptions, ImportPolicyResult, TrainerInitOptions, TrainerInitResult, TrainerStats, UseDemonstrationsOptions, UseDemonstrationsResult } from './worker/trainer_types';
export { trainerTimingSince, zeroTrainerTiming } from './worker/trainer_timing';
export type { TrainerTiming } from './worker/trainer_timing';
export { spawnTrainer, TrainerClient } from './worker/spawn_trainer';
export type { ObserveOptions, SpawnTrainerOptions, WorkerLike } from './worker/spawn_trainer';
export { deserializeError, ERROR_CLASSES, registerErrorTransport, serializeError } from './worker/error_transport';
export type { SerializedError, SerializedThrown } from './worker/error_transport';

// scene: the low Phaser adapter (hooks, key presses, key resets, the scene's shape)
export { GAME_POST_RENDER, SCENE_DESTROY, SCENE_SHUTDOWN, hookScene } from './scene/scene_hooks';
export type { EmitterLike, Listener, SceneHooks, SceneLike } from './scene/scene_hooks';
export { keyActuator, keyActuators } from './scene/key_actuator';
export type { KeyActuator, KeyboardEventLike, KeyboardLike, KeyLike, KeyMap } from './scene/key_actuator';
export { hookKeyResets } from './scene/key_reset_hooks';
export { keyReader, NO_KEY_NAMES } from './scene/key_reader';
export type { KeyReader } from './scene/key_reader';

// attach: the decision loop an Agent and a Bot share
export { DecisionLoop } from './attach/decision_loop';
export type { BackpressureInfo, LoopCounters, LoopHandlers, TrainerPort } from './attach/decision_loop';
export type { ObservationSource, PixelLayout } from './attach/observation_source';
export { pixelSource, vectorSource } from './attach/observation_source';
export type { AgentMode, AttachOptions, ResolvedAttachOptions } from './attach/attach_options';
export { recordScene } from './attach/record_scene';
export type { RecordOptions, Recording, RecordSetup } from './attach/record_scene';
export type { EpisodeInfo, TrainInfo } from './attach/loop_events';
export type { AgentWarning, WarningCode } from './attach/warnings';

// agent: createAgent / loadAgent and the Agent's events
export { createAgent } from './agent/create_agent';
export type { CreateAgentOptions } from './agent/create_agent';
export { loadAgent } from './agent/load_agent';
export type { LoadAgentOptions } from './agent/load_agent';
export { importPyTorchPolicy } from './agent/import_pytorch_policy';
export type { ImportPyTorchPolicyOptions } from './agent/import_pytorch_policy';
export type { Agent, AgentLoadOptions, AgentSaveOptions, Attachment } from './agent/agent';
export type { AgentObservation } from './agent/agent_observation';
export { AgentEvents } from './agent/agent_events';
export type { AgentEventMap, AgentEventName } from './agent/agent_events';
export type { AgentOptions, PixelObservationOptions, VectorObservationOptions } from './agent/agent_options';

// phaser: the scene plugin and the game's named agents
export { PixelpilotPlugin } from './phaser/plugin';
export type { ScenePluginEntry } from './phaser/plugin';
export { AgentRegistry, agentRegistry, GAME_DESTROY } from './phaser/agent_registry';
export type { AgentRecipe, GameLike } from './phaser/agent_registry';
