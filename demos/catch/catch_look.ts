/** How catch looks: the colours the scene draws with. */
// Bright shapes on a dark ground: after the shrink to one gray pixel per cell the fruit and the
// basket stay far from the background (luma ~219 and ~197 against ~19), which the agent learns from faster.
export const BACKGROUND = 0x10131a;
export const GRID = 0x1c202a;
export const FRUIT = 0xffe066;
export const BASKET = 0x7cf29c;
