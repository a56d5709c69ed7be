/**
 * `window.__example`: what the example projects' test (test/examples/ in the pixelpilot repo)
 * reads and drives. A game does not need any of it; it only lets a test train faster than real
 * time (the game stepped by hand) and read what happened.
 */
/** 60 fps. */
const FRAME_MS = 1000 / 60;
/** The hook of this page (created on first use). */
function exampleHook(page) {
  const w = window;
  w.__example ??= { page, ready: false, error: null, backend: null, loadedFrom: null };
  return w.__example;
}
/** Runs `frames` game frames by hand (the game loop asleep meanwhile), awaiting `settled` after each. */
async function stepByHand(game, frames, settled) {
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
function describeError(e) {
  const err = e;
  return { name: err?.name ?? null, code: err?.code ?? null, message: String(err?.message ?? e) };
}
export {
  FRAME_MS,
  describeError,
  exampleHook,
  stepByHand
};
