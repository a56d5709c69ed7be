/**
 * Whether demonstrations fit an agent: the same observation (shape, dtype, frames stacked) and
 * the same action space. A demonstration recorded with another pipeline or other actions would
 * teach the net the wrong thing silently (ML-Agents users met this after changing a sensor), so
 * it is refused with a ShapeError naming both sides.
 */
import type { ActionSpaceLike } from '../memory/types';
import { ShapeError } from '../util/errors';

/** The spaces of one side (demonstrations or agent). */
export interface DemoSpaces {
  obsShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  frameStack: number;
  actionSpace: ActionSpaceLike;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Canonical form of an action space (key order fixed), for comparison and messages. */
export function actionSpaceText(a: ActionSpaceLike): string {
  if (a.type === 'discrete') return JSON.stringify({ type: a.type, n: a.n });
  if (a.type === 'multi_discrete') return JSON.stringify({ type: a.type, nvec: a.nvec });
  return JSON.stringify({ type: a.type, shape: a.shape, low: a.low, high: a.high });
}

/** Throws ShapeError (`where`: ...) naming both sides when `demos` do not fit `agent`. */
export function checkDemoFit(demos: DemoSpaces, agent: DemoSpaces, where: string): void {
  const obs = (s: DemoSpaces): string => `[${s.obsShape.join(', ')}] ${s.obsDtype}, ${s.frameStack} frame${s.frameStack === 1 ? '' : 's'} stacked`;
  if (!same([...demos.obsShape], [...agent.obsShape]) || demos.obsDtype !== agent.obsDtype || demos.frameStack !== agent.frameStack) {
    throw new ShapeError(`${where}: the demonstrations observe ${obs(demos)}, the agent ${obs(agent)}`);
  }
  if (actionSpaceText(demos.actionSpace) !== actionSpaceText(agent.actionSpace)) {
    throw new ShapeError(`${where}: the demonstrations act in ${actionSpaceText(demos.actionSpace)}, the agent in ${actionSpaceText(agent.actionSpace)}`);
  }
}
