/**
 * The worker module: the Trainer facade (runs in the worker), the main thread's client
 * (spawnTrainer) and the typed-error transport over comlink. worker_entry.ts is the worker script
 * itself and is bundled on its own, not exported here.
 */
export { Trainer } from './trainer';
export type { TrainerOptions } from './trainer';
export { DeviceLossGuard, postBackendChange, BACKEND_CHANGE_MESSAGE } from './device_loss';
export type { BackendChange } from './device_loss';
export type { ActOptions, ExportPolicyOptions, ImportPolicyOptions, ImportPolicyResult, TrainerInitOptions, TrainerInitResult, TrainerStats } from './trainer_types';
export { trainerTimingSince, zeroTrainerTiming } from './trainer_timing';
export type { TrainerTiming } from './trainer_timing';
export { spawnTrainer, TrainerClient } from './spawn_trainer';
export type { ObserveOptions, SpawnTrainerOptions, WorkerLike } from './spawn_trainer';
export { deserializeError, ERROR_CLASSES, registerErrorTransport, serializeError } from './error_transport';
export type { SerializedError, SerializedThrown } from './error_transport';
export { TrainerError } from './trainer_error';
export { WorkerError } from './worker_error';
export type { WorkerFailure } from './worker_error';
