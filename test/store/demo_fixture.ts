// Shared by the demonstration-file tests: a small set of demonstrations with every kind of episode end.
import type { Demonstrations } from '../../src/memory/demonstrations';

/** Three episodes of 3x2x2 uint8 images (2 frames stacked), discrete actions. */
export function imageDemos(): Demonstrations {
  const ep = (player: number, steps: number, end: 'terminated' | 'truncated' | 'cut', base: number) => ({
    player,
    steps,
    observations: Uint8Array.from({ length: (steps + 1) * 12 }, (_, i) => (base + i) % 256),
    actions: Int32Array.from({ length: steps }, (_, i) => i % 3),
    rewards: Float32Array.from({ length: steps }, (_, i) => (i === steps - 1 ? 1 : -0.25)),
    terminated: Uint8Array.from({ length: steps }, (_, i) => (i === steps - 1 && end === 'terminated' ? 1 : 0)),
    truncated: Uint8Array.from({ length: steps }, (_, i) => (i === steps - 1 && end === 'truncated' ? 1 : 0)),
  });
  return { obsShape: [3, 2, 2], obsDtype: 'uint8', frameStack: 2, actionSpace: { type: 'discrete', n: 3 }, episodes: [ep(0, 4, 'terminated', 0), ep(1, 2, 'truncated', 50), ep(0, 3, 'cut', 100)] };
}

