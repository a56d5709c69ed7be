/**
 * The Phaser scene plugin: installed once in the game config, every scene gets `this.pixelpilot`,
 * which attaches agents to that scene and cleans up after it:
 *
 * ```ts
 * new Phaser.Game({ ..., plugins: { scene: [PixelpilotPlugin.config()] } });
 * // in a scene's create(): the game's agent 'catch', made the first time, the same one after every restart
 * const agent = await this.pixelpilot.agent('catch', () => ({ spec, options: { actions: ['left', 'right', 'stay'] } }));
 * this.pixelpilot.attach(agent, { keys: { left: 'LEFT', right: 'RIGHT' }, reward: () => r, done: () => over });
 * ```
 *
 * Phaser constructs it as `new Plugin(scene, pluginManager, key)`, then the scene's 'boot' event (or
 * Phaser itself, for a running scene) calls `boot()`; it does not
 * extend Phaser.Plugins.ScenePlugin so that this module imports nothing from phaser at run time.
 * Lifetimes: on the scene's 'shutdown' every attachment is detached. Agents from `agent(name, ...)`
 * belong to the game (agent_registry.ts): they survive scene restarts and are disposed with the
 * game. Agents from `createAgent` belong to the scene: they are disposed when it shuts down (stop,
 * restart, start of another scene in its place) or is destroyed, with a console warning when
 * training not yet saved is lost.
 */
import type { Agent, Attachment } from '../agent/agent';
import type { AttachOptions } from '../attach/attach_options';
import { createAgent, type CreateAgentOptions } from '../agent/create_agent';
import { agentRegistry, type AgentRecipe, type AgentRegistry } from './agent_registry';
import { SCENE_DESTROY, SCENE_SHUTDOWN, type Listener, type SceneLike } from '../scene/scene_hooks';

/** Phaser's `Phaser.Scenes.Events.BOOT`: the scene's systems are ready. */
export const SCENE_BOOT = 'boot';

/** An entry of Phaser's game config `plugins.scene` list. */
export interface ScenePluginEntry {
  key: string;
  plugin: typeof PixelpilotPlugin;
  mapping: string;
}

/** `this.pixelpilot` of a scene. */
export class PixelpilotPlugin {
  /** The plugin key Phaser registers it under. */
  static readonly KEY = 'PixelpilotPlugin';
  /** The scene property it is mapped to (`this.pixelpilot`). */
  static readonly MAPPING = 'pixelpilot';

  /** The game config entry: `plugins: { scene: [PixelpilotPlugin.config()] }` (mapping default 'pixelpilot'). */
  static config(mapping: string = PixelpilotPlugin.MAPPING): ScenePluginEntry {
    return { key: PixelpilotPlugin.KEY, plugin: PixelpilotPlugin, mapping };
  }

  private readonly live = new Set<Attachment>();
  /** Agents made by `createAgent` for the scene's current run (some may still be starting). */
  private owned = new Set<Promise<Agent>>();
  private readonly onShutdown: Listener = () => {
    this.detachAll();
    void this.disposeOwned('scene shut down');
  };
  private readonly onDestroy: Listener = () => void this.destroy();
  private booted = false;

  private readonly onBoot: Listener = () => this.boot();

  constructor(readonly scene: SceneLike, _pluginManager?: unknown, _pluginKey?: string) {
    // As Phaser's own ScenePlugin does: the scene's systems emit 'boot' once they are ready; a
    // plugin installed into a running scene is booted by Phaser directly instead.
    scene.events.on(SCENE_BOOT, this.onBoot);
  }

  /** Starts listening to the scene's shutdown / destroy (Phaser calls it; calling it again does nothing). */
  boot(): void {
    this.scene.events.off(SCENE_BOOT, this.onBoot);
    if (this.booted) return;
    this.booted = true;
    this.scene.events.on(SCENE_SHUTDOWN, this.onShutdown);
    this.scene.events.on(SCENE_DESTROY, this.onDestroy);
  }

  /** Attachments of this scene that are live now. */
  get attachments(): readonly Attachment[] {
    return [...this.live];
  }

  /**
   * The game's agent called `name`, shared by every scene and kept across scene restarts: made
   * from `recipe()` the first time (spec and createAgent options), the same agent afterwards.
   * Disposed when the game is destroyed (saved first to the recipe's `saveOnDispose`, else with a
   * console warning when training is lost) or by `this.pixelpilot.agents.dispose(name)`.
   */
  agent(name: string, recipe?: () => AgentRecipe): Promise<Agent> {
    return this.agents.agent(name, recipe);
  }

  /** The game's named agents (see `agent`): `names()`, `has(name)`, `dispose(name)`. */
  get agents(): AgentRegistry {
    return agentRegistry(this.scene.game);
  }

  /**
   * `createAgent(spec, options)` for this scene's current run only: the agent is disposed when the
   * scene shuts down (stop, restart) or is destroyed, with a console warning when training not yet
   * saved is lost. For one agent that keeps learning across restarts use `agent(name, recipe)`.
   */
  createAgent(spec: unknown, options: CreateAgentOptions): Promise<Agent> {
    const made = createAgent(spec, options);
    const owned = this.owned;
    owned.add(made);
    made.catch(() => owned.delete(made));
    return made;
  }

  /** `agent.attach(scene, options)` for this scene (see AttachOptions), detached on scene shutdown. */
  attach(agent: Agent, options: AttachOptions): Attachment {
    const inner = agent.attach(this.scene, options);
    const attachment: Attachment = {
      ...inner,
      counters: inner.counters,
      detach: () => {
        this.live.delete(attachment);
        inner.detach();
      },
    };
    this.live.add(attachment);
    return attachment;
  }

  /** Detaches every agent attached through this plugin. */
  detachAll(): void {
    for (const a of [...this.live]) a.detach();
  }

  /** Detaches everything, disposes the agents this plugin created and removes its listeners. */
  async destroy(): Promise<void> {
    this.detachAll();
    this.scene.events.off(SCENE_SHUTDOWN, this.onShutdown);
    this.scene.events.off(SCENE_DESTROY, this.onDestroy);
    await this.disposeOwned('scene destroyed');
  }

  /** Disposes the scene's own agents (those still starting once they are ready). */
  private async disposeOwned(reason: string): Promise<void> {
    const owned = [...this.owned];
    this.owned = new Set();
    await Promise.all(owned.map(async (made) => {
      let agent: Agent;
      try {
        agent = await made;
      } catch {
        return;
      }
      const unsaved = agent.unsavedTrainRounds;
      if (unsaved > 0 && !agent.isDisposed) {
        console.warn(`pixelpilot: an agent of scene '${this.sceneKey()}' made by this.pixelpilot.createAgent was disposed (${reason}) with ${unsaved} training round${unsaved === 1 ? '' : 's'} not saved; save it first, or use this.pixelpilot.agent(name, recipe) to keep one agent across scene restarts`);
      }
      await agent.dispose();
    }));
  }

  private sceneKey(): string {
    return (this.scene as { sys?: { settings?: { key?: string } } }).sys?.settings?.key ?? '?';
  }
}
