/**
 * The Phaser scene plugin: installed once in the game config, every scene gets `this.pixelpilot`,
 * which attaches agents to that scene and cleans up after it:
 *
 * ```ts
 * new Phaser.Game({ ..., plugins: { scene: [PixelpilotPlugin.config()] } });
 * // in a scene's create():
 * const agent = await this.pixelpilot.createAgent(spec, { actions: ['left', 'right', 'stay'] });
 * this.pixelpilot.attach(agent, { keys: { left: 'LEFT', right: 'RIGHT' }, reward: () => r, done: () => over });
 * ```
 *
 * Phaser constructs it as `new Plugin(scene, pluginManager, key)`, then the scene's 'boot' event (or
 * Phaser itself, for a running scene) calls `boot()`; it does not
 * extend Phaser.Plugins.ScenePlugin so that this module imports nothing from phaser at run time.
 * On the scene's 'shutdown' every attachment is detached (the agent lives on and can attach to the
 * scene again when it restarts); on 'destroy' the agents the plugin created are disposed too.
 */
import type { Agent, Attachment } from '../agent/agent';
import type { AttachOptions } from '../agent/agent_options';
import { createAgent, type CreateAgentOptions } from '../agent/create_agent';
import { SCENE_DESTROY, SCENE_SHUTDOWN, type Listener, type SceneLike } from './scene_hooks';

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
  private readonly owned = new Set<Agent>();
  private readonly onShutdown: Listener = () => this.detachAll();
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

  /** `createAgent(spec, options)`, owned by this scene: disposed when the scene is destroyed. */
  async createAgent(spec: unknown, options: CreateAgentOptions): Promise<Agent> {
    const agent = await createAgent(spec, options);
    this.owned.add(agent);
    return agent;
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
    const agents = [...this.owned];
    this.owned.clear();
    await Promise.all(agents.map((a) => a.dispose()));
  }
}
