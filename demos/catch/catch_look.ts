/**
 * How catch looks: the colours the scene draws with, and the gray level each one becomes in the
 * agent's 10x10 view. Shared by the Phaser scene and the Node env (catch_env.ts) that trains the
 * shipped policy with `pixelpilot train`, so both show the agent the same pixels.
 */
import { luma } from 'pixelpilot/lab';

// Bright shapes on a dark ground: after the shrink to one gray pixel per cell the fruit and the
// basket stay far from the background (luma ~219 and ~197 against ~19), which the agent learns from faster.
export const BACKGROUND = 0x10131a;
export const GRID = 0x1c202a;
export const FRUIT = 0xffe066;
export const BASKET = 0x7cf29c;

/** The luma (BT.601, as the agent's capture computes it) of a 0xRRGGBB colour. */
export function grayOf(colour: number): number {
  return luma((colour >> 16) & 0xff, (colour >> 8) & 0xff, colour & 0xff);
}
