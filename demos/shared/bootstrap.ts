/**
 * What every demo page does the same way: fetching a spec file, reading `?backend=` from the
 * address, and starting a Phaser game around one scene. The pages use the SDK as a game does,
 * through its published entry points with no configuration: the SDK starts its own trainer worker
 * and carries tfjs's wasm binary. Paths are absolute on the server `npm start` runs.
 */
import * as Phaser from 'phaser';
import type { AgentOptions } from 'pixelpilot';

/** A backend choice as createAgent takes it. */
export type BackendChoice = NonNullable<AgentOptions['backend']>;

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

/**
 * The backend named by the page's `?backend=` (auto, webgpu, wasm, cpu), else `fallback`.
 * Lets a visitor compare backends without a rebuild.
 */
export function requestedBackend(fallback: BackendChoice): BackendChoice {
  const asked = new URLSearchParams(location.search).get('backend');
  return BACKENDS.find((b) => b === asked) ?? fallback;
}

/** The text of `demos/specs/<file>` (SLM Lab specs may hold comments: createAgent reads the text as it is). */
export async function fetchSpec(file: string): Promise<string> {
  const response = await fetch(new URL(`/demos/specs/${file}`, location.href));
  if (!response.ok) throw new Error(`spec ${file}: HTTP ${response.status}`);
  return response.text();
}

/** A demo scene: it resolves `created` at the end of its create(), when `agent.attach` may be called. */
export interface DemoScene extends Phaser.Scene {
  readonly created: Promise<void>;
}

/** How a demo's game is set up. */
export interface DemoGameOptions {
  /** The element the canvas goes in. */
  parent: HTMLElement;
  /** Canvas size in pixels. */
  width: number;
  height: number;
  /** The demo's scene (one scene per demo). */
  scene: DemoScene;
  /** Phaser.WEBGL (default), Phaser.CANVAS or Phaser.AUTO. */
  type?: number;
  /** CSS colour behind the scene. Default black. */
  backgroundColor?: string;
}

/** Starts a Phaser game with one scene; resolves once the scene's create() has run (attach after it). */
export async function startGame(options: DemoGameOptions): Promise<Phaser.Game> {
  // A scene's events exist only once the game has booted it, hence the scene's own promise.
  const game = new Phaser.Game({
    type: options.type ?? Phaser.WEBGL,
    parent: options.parent,
    width: options.width,
    height: options.height,
    backgroundColor: options.backgroundColor ?? '#000000',
    banner: false,
    audio: { noAudio: true },
    scene: options.scene,
  });
  await options.scene.created;
  return game;
}

/** A one-line description of an error for the status line. */
export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
