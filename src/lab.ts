/**
 * `pixelpilot/lab`: the building blocks, for RL engineers: tf (tfjs-core with the SDK's gradient
 * and kernel fixes), backend selection, specs, nets, losses, optimizers, memories, algorithms, the
 * Node run loop, envs, the policy format, the Trainer and its worker transport, the decision loop.
 * Importing it chooses no backend: call `selectBackend` (or `createAgent`) to pick one. Game code
 * needs only `pixelpilot` (and `pixelpilot/play` to ship a bot).
 */
export { tf } from './backend/tf';
export { selectBackend } from './backend/select_backend';
export type { BackendName, BackendSelection, SelectBackendOptions } from './backend/select_backend';

export { PixelpilotError, SpecError, BackendError, StorageError, ShapeError } from './util/errors';
export type { SpecProblem, BackendAttempt } from './util/errors';
export { Rng } from './util/rng';
export type { RngState } from './util/rng';

export * from './spec/index';
export * from './net/index';

export { buildLoss } from './train/losses';
export type { LossFn } from './train/losses';
export { createOptimizer, OPTIMIZERS } from './train/optimizers/registry';
export type { Optimizer, OptimizerState } from './train/optimizers/optimizer';
export { createLrScheduler } from './train/lr_scheduler';
export { clipGradNorm, globalNorm } from './train/clip_grad';
export { copyWeights, polyakUpdate } from './train/target_update';
export { trainStep } from './train/train_step';

export type {
  Env,
  EnvFactory,
  ObservationSpace,
  ActionSpace,
  DiscreteSpace,
  MultiDiscreteSpace,
  ContinuousSpace,
  Observation,
  Action,
  ResetOptions,
  ResetResult,
  StepResult,
} from './env/env';
export { validateEnv } from './env/env';
export { EnvError } from './env/env_error';
export { ENVS, makeEnv, makeBuiltinEnv, isBuiltinEnv } from './env/registry';
export { VectorEnv } from './env/wrappers/vector_env';
export { EpisodeLog } from './env/wrappers/episode_stats';
export { wrapEnv, makeVectorEnv, readEnvWrapperSpec } from './env/wrappers/from_spec';

export { MEMORIES, createMemory } from './memory/registry';
export type { MemorySpec, MemoryOptions, Transition } from './memory/types';

export type { Algorithm, AlgorithmContext, StepBatch, TrainReport, ActionBatch, ObsBatch } from './algorithm/algorithm';
export { actingNets, targetNets } from './algorithm/training_state';
export type { AlgorithmTrainingState } from './algorithm/training_state';
export { runLoop } from './algorithm/run_loop';
export { discountedReturns, gae } from './algorithm/returns';
export { scheduledValue } from './algorithm/var_schedule';

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
export { policyToSafetensors, pytorchStateDict, STATE_DICT_FORMAT, STATE_DICT_FORMAT_VERSION } from './store/pytorch_export';
export type { PytorchExportTensor } from './store/pytorch_export';
export { policyToOnnx, ML_AGENTS_EXPORT_VERSION, ONNX_OPSET, ONNX_IR_VERSION } from './store/onnx_export';
export { weightsOnlyArtifacts, hasTrainingState } from './store/policy_strip';
export type { PolicyData } from './store/policy_nets';

export * from './observe/index';
export * from './worker/index';
export * from './agent/index';
export { loadAgent } from './agent/load_agent';
export type { LoadAgentOptions } from './agent/load_agent';
export type { AgentLoadOptions, AgentSaveOptions } from './agent/agent';
export * from './phaser/index';
export { presets } from './presets/index';
export type { AgentSpecInput, SpecInput } from './presets/index';
