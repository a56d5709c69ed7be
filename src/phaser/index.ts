/**
 * Phaser glue: the only part of the SDK that knows Phaser's event names. It imports nothing from
 * phaser at run time (phaser is an optional peer dependency); scenes are typed structurally.
 */
export { GAME_POST_RENDER, SCENE_DESTROY, SCENE_SHUTDOWN, hookScene } from './scene_hooks';
export type { EmitterLike, Listener, SceneHooks, SceneLike } from './scene_hooks';
export { PixelpilotPlugin } from './plugin';
export type { ScenePluginEntry } from './plugin';
export { keyActuator, keyActuators } from './key_actuator';
export type { KeyActuator, KeyboardEventLike, KeyboardLike, KeyLike, KeyMap } from './key_actuator';
export { AgentRegistry, agentRegistry, GAME_DESTROY } from './agent_registry';
export type { AgentRecipe, GameLike } from './agent_registry';
export { hookKeyResets } from './key_reset_hooks';
