/**
 * Agents that live as long as the game, one per name: `this.pixelpilot.agent('catch', recipe)` in
 * a scene's create() makes the agent the first time and hands back the same one on every later
 * scene start or restart (and in every scene of the game), so one policy keeps training across
 * game over -> menu -> play again instead of a new worker with fresh weights each time. The
 * registry is the game's (one per Phaser.Game, shared by every scene's plugin); it disposes its
 * agents when the game is destroyed, after saving those whose recipe names `saveOnDispose`, and
 * warns on the console about training that is lost with the others. `dispose(name)` ends one
 * earlier; the next `agent(name, recipe)` then makes a new one.
 */
import type { Agent } from '../agent/agent';
import { AgentError } from '../util/errors';
import { createAgent, type CreateAgentOptions } from '../agent/create_agent';
import type { EmitterLike, Listener } from '../scene/scene_hooks';

/** Phaser's `Phaser.Core.Events.DESTROY`: the game is being destroyed. */
export const GAME_DESTROY = 'destroy';

/** How to make a named agent the first time it is asked for. */
export interface AgentRecipe {
  /** The SLM Lab spec (text or object), as createAgent takes it. */
  spec: unknown;
  /** createAgent's options. */
  options: CreateAgentOptions;
  /**
   * Where to save the policy (e.g. 'indexeddb://catch') before the agent is disposed with the
   * game, when it has training not yet saved. Default: none (the loss is warned about).
   */
  saveOnDispose?: string;
}

/** A game as the registry needs it: its event emitter. */
export interface GameLike {
  events: EmitterLike & { once?(event: string, fn: Listener): unknown };
}

/** Why an agent is disposed: `dispose(name)`, `disposeAll()` or the game's destruction. */
type Reason = 'dispose' | 'game destroyed';

interface Entry {
  name: string;
  agent: Promise<Agent>;
  recipe: AgentRecipe;
}

/** The named agents of one game. Get it with `agentRegistry(game)` (or through `this.pixelpilot`). */
export class AgentRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly onGameDestroy: Listener = () => void this.disposeAll('game destroyed');
  private destroyed = false;

  /** @param create makes an agent from a recipe (createAgent; tests pass a stand-in). */
  constructor(private readonly game: GameLike | null = null, private readonly create: typeof createAgent = createAgent) {
    game?.events.on(GAME_DESTROY, this.onGameDestroy);
  }

  /**
   * The agent called `name`: the one made earlier (or being made), else a new one from
   * `recipe()` (called only then). Calls made while it is being created share the same agent.
   * AgentError when there is none and no recipe is given, or when the game was destroyed; what
   * createAgent throws when creating fails (the name is then free again).
   */
  agent(name: string, recipe?: () => AgentRecipe): Promise<Agent> {
    if (typeof name !== 'string' || name === '') return Promise.reject(new AgentError(`agent: name must be a non-empty string (got ${JSON.stringify(name)})`));
    const found = this.entries.get(name);
    if (found !== undefined) return found.agent;
    if (this.destroyed) return Promise.reject(new AgentError(`agent('${name}'): the game was destroyed`));
    if (recipe === undefined) return Promise.reject(new AgentError(`agent('${name}'): no agent of that name; pass a recipe () => ({ spec, options }) to create it`));
    const r = recipe();
    const entry: Entry = { name, recipe: r, agent: this.create(r.spec, r.options) };
    this.entries.set(name, entry);
    entry.agent.then(
      (a) => a.on('dispose', () => {
        // Disposed by its holder directly: the name is free again.
        if (this.entries.get(name) === entry) this.entries.delete(name);
      }),
      () => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
      },
    );
    return entry.agent;
  }

  /** True when an agent called `name` exists or is being created. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The names of the agents alive or being created. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Disposes the agent called `name` (its worker ends) and frees the name. Warns on the console
   * when training would be lost; with `options.save` (a policy URL) it saves first. Does nothing
   * for an unknown name.
   */
  async dispose(name: string, options: { save?: string } = {}): Promise<void> {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    this.entries.delete(name);
    await this.end(entry, 'dispose', options.save);
  }

  /** Disposes every agent (as the game's destruction does, saving per `saveOnDispose`). */
  async disposeAll(reason: Reason = 'dispose'): Promise<void> {
    if (reason === 'game destroyed') {
      this.destroyed = true;
      this.game?.events.off(GAME_DESTROY, this.onGameDestroy);
    }
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => this.end(e, reason, e.recipe.saveOnDispose)));
  }

  private async end(entry: Entry, reason: Reason, saveTo: string | undefined): Promise<void> {
    let agent: Agent;
    try {
      agent = await entry.agent;
    } catch {
      return; // never made: nothing to end
    }
    if (agent.isDisposed) return;
    if (saveTo !== undefined && agent.unsavedTrainRounds > 0) {
      try {
        await agent.save(saveTo);
      } catch (e) {
        console.warn(`pixelpilot: agent '${entry.name}' could not be saved to ${saveTo} before it was disposed (${reason})`, e);
      }
    }
    const unsaved = agent.unsavedTrainRounds;
    if (unsaved > 0) {
      console.warn(`pixelpilot: agent '${entry.name}' disposed (${reason}) with ${unsaved} training round${unsaved === 1 ? '' : 's'} not saved; call agent.save(url) before, or give its recipe saveOnDispose`);
    }
    await agent.dispose();
  }
}

const registries = new WeakMap<object, AgentRegistry>();

/** The registry of `game` (made on first use; disposes its agents when the game is destroyed). */
export function agentRegistry(game: GameLike): AgentRegistry {
  let r = registries.get(game);
  if (r === undefined) registries.set(game, (r = new AgentRegistry(game)));
  return r;
}
