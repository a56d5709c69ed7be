/**
 * Specs to start from, as plain objects (copy one with `structuredClone` to change a key):
 * - `dqnSmallPixels`: DoubleDQN ConvNet, small pixel games where one frame is the whole state;
 * - `ppoArcadePixels`: PPO NatureishCNN, arcade games where motion matters (stack 2+ frames);
 * - `ppoMemoryPixels`: PPO GRU RecurrentNet, games that need memory of what was seen before;
 * - `ppoVector`: PPO MLPNet, games that give the agent numbers (`observation: { vector: n }`).
 */
import { dqnSmallPixels } from './dqn_small_pixels';
import { ppoArcadePixels } from './ppo_arcade_pixels';
import { ppoMemoryPixels } from './ppo_memory_pixels';
import { ppoVector } from './ppo_vector';
import { deepFreeze } from '../spec/deep_freeze';

export type { AgentSpecInput, SpecInput } from './spec_input';

/** The presets, frozen: `structuredClone(presets.dqnSmallPixels)` gives a copy to edit. */
export const presets = deepFreeze({ dqnSmallPixels, ppoArcadePixels, ppoMemoryPixels, ppoVector });
