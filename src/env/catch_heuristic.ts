/**
 * A heuristic player of `catch` that sees only the observation, as a person would: it moves the
 * basket towards the column of the falling fruit. It catches every fruit it can reach (the basket
 * moves one cell per step and the fruit falls one row per step). Used to record demonstrations
 * headless (see benchmarks/record_demos.ts) and in tests.
 */

/** The catch action (0 left, 1 stay, 2 right) for an `[H, W, C]` uint8 observation; the newest frame is the last channel. */
export function catchHeuristic(observation: Uint8Array, shape: readonly number[]): number {
  const [h, w, c] = shape as [number, number, number];
  const at = (y: number, x: number): number => observation[(y * w + x) * c + (c - 1)]!;
  // The basket: the lit pixels of the bottom row (pixel rows of the last grid row are alike).
  let sum = 0;
  let count = 0;
  for (let x = 0; x < w; x++) if (at(h - 1, x) > 127) (sum += x), count++;
  // The fruit: the first lit pixel above the bottom row.
  let fruit = -1;
  for (let y = 0; y < h - 1 && fruit < 0; y++) for (let x = 0; x < w; x++) if (at(y, x) > 127 && !(fruit >= 0)) fruit = x;
  if (count === 0 || fruit < 0) return 1;
  // Centres in pixels: the basket is 3 cells of `scale` pixels, the fruit one cell.
  const scale = count / 3;
  const basket = sum / count;
  const centre = fruit + (scale - 1) / 2;
  if (centre < basket) return 0;
  return centre > basket ? 2 : 1;
}
