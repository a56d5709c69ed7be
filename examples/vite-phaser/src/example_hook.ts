/**
 * `window.__example`: what the example projects' test (test/examples/ in the pixelpilot repo)
 * reads and drives. A game does not need any of it; it only lets a test train faster than real
 * time (the game stepped by hand) and read what happened.
 */
import type { Game } from 'phaser';

/** What a page reports of itself. */
export interface ExampleHook {
  page: 'train' | 'play';
  /** The agent (or bot) is ready; `error` says why not when it failed. */
  ready: boolean;
  error: string | null;
  /** The backend the agent or bot runs on. */
  backend: string | null;
  /** The saved policy the page started from (null: a fresh agent). */
  loadedFrom: string | null;
  /** Steps the game `frames` frames by hand, waiting for the agent between frames; returns counters. */
  step?: (frames: number) => Promise<Record<string, unknown>>;
  /** Saves the policy to IndexedDB (train page). */
  save?: () => Promise<unknown>;
  /** The names of the policies stored in this browser. */
  policies?: () => Promise<string[]>;
  /** Provokes typed errors and reports their name, code and class checks. */
  errors?: () => Promise<Record<string, unknown>>;
}

/** 60 fps. */
export const FRAME_MS = 1000 / 60;

/** The hook of this page (created on first use). */
export function exampleHook(page: 'train' | 'play'): ExampleHook {
  const w = window as unknown as { __example?: ExampleHook };
  w.__example ??= { page, ready: false, error: null, backend: null, loadedFrom: null };
  return w.__example;
}

/** Runs `frames` game frames by hand (the game loop asleep meanwhile), awaiting `settled` after each. */
export async function stepByHand(game: Game, frames: number, settled: () => Promise<void>): Promise<void> {
  game.loop.sleep();
  let time = performance.now();
  try {
    for (let i = 0; i < frames; i++) {
      time += FRAME_MS;
      game.step(time, FRAME_MS);
      await settled();
    }
  } finally {
    game.loop.wake();
  }
}

/** An error as the test compares it (name and code survive minification only if the package keeps them). */
export function describeError(e: unknown): Record<string, unknown> {
  const err = e as { name?: unknown; code?: unknown; message?: unknown };
  return { name: err?.name ?? null, code: err?.code ?? null, message: String(err?.message ?? e) };
}
