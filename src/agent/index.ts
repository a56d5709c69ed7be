/** The agent a game developer holds: createAgent, attach to a Phaser scene, save/load, events. */
export { createAgent } from './create_agent';
export type { CreateAgentOptions } from './create_agent';
export { Agent } from './agent';
export type { AgentObservation, AgentSetup, Attachment } from './agent';
export { AgentError } from './agent_error';
export { AgentCallbackError } from './callback_error';
export type { AttachCallbackName } from './callback_error';
export { AgentEvents } from './agent_events';
export type { AgentEventMap, AgentEventName, EpisodeInfo, TrainInfo } from './agent_events';
export type { AgentMode, AgentOptions, AttachOptions, PixelObservationOptions, ResolvedAttachOptions, VectorObservationOptions } from './agent_options';
export { DecisionLoop } from './decision_loop';
export type { BackpressureInfo, LoopCounters, LoopHandlers, TrainerPort } from './decision_loop';
export type { ObservationSource, PixelLayout } from './observation_source';
export { pixelSource, vectorSource } from './observation_source';
