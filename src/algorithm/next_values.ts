/**
 * V(s') of a stored rollout without a second pass of the net over every next observation. In a
 * rollout stored time-major (row t * numEnvs + e), a step's next observation is, until its episode
 * ends, the observation of the same env's next step, whose V(s) the collecting pass already has.
 * A row takes that value only where the two stored observations are the same, value for value
 * (so the layout is checked, not assumed); the others (episode ends, the last step) still need the
 * net. A net gives a row the same value in any batch (checked on wasm and cpu), so the values are
 * those of a full pass: a PPO or A2C round does one forward pass over the rollout instead of two.
 */
import type { StepColumns } from '../memory/step_table';

/** Whether row `i` of `a` and row `j` of `b` (rows of `size` values) hold the same values. */
function sameRow(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, size: number): boolean {
  const ai = i * size;
  const bj = j * size;
  for (let k = 0; k < size; k++) if (a[ai + k] !== b[bj + k]) return false;
  return true;
}

/**
 * Next-observation values taken from `values` (V of each row's observation) where a row's next
 * observation is row `i + numEnvs`'s observation; `missing` lists the rows whose next observation
 * must still go through the net (their entries in `nextValues` are 0 until filled).
 */
export function reuseNextValues(cols: StepColumns, numEnvs: number, rowSize: number, values: Float32Array): { nextValues: Float32Array; missing: number[] } {
  const n = cols.rewards.length;
  const nextValues = new Float32Array(n);
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + numEnvs;
    if (j < n && sameRow(cols.nextObservations, i, cols.observations, j, rowSize)) nextValues[i] = values[j]!;
    else missing.push(i);
  }
  return { nextValues, missing };
}
