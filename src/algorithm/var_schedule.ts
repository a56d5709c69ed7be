/**
 * SLM Lab's variable schedules (`explore_var_spec`, `entropy_coef_spec`, `clip_eps_spec`): a value
 * that moves from `start_val` to `end_val` between `start_step` and `end_step` (frames).
 */

/** Schedule names as SLM Lab writes them. */
export type VarScheduleName = 'no_decay' | 'linear_decay' | 'rate_decay' | 'periodic_decay';

/** A schedule spec; `start_step`/`end_step` default to 0, `end_val` to `start_val`. */
export interface VarScheduleSpec {
  name: VarScheduleName;
  start_val: number;
  end_val: number;
  start_step: number;
  end_step: number;
}

/** rate_decay: multiply by 0.9 twenty times between start_step and end_step (SLM Lab's constants). */
const RATE_DECAY = 0.9;
const RATE_DECAY_TIMES = 20;
/** periodic_decay: cosine cycles over the decay span (SLM Lab's constant). */
const PERIODIC_CYCLES = 60;

const clampToward = (val: number, end: number, start: number): number =>
  start >= end ? Math.max(val, end) : Math.min(val, end);

/** The scheduled value at `step` (a frame count). Before `start_step` it is `start_val`. */
export function scheduledValue(spec: VarScheduleSpec, step: number): number {
  const { name, start_val: start, end_val: end, start_step: s0, end_step: s1 } = spec;
  if (name === 'no_decay' || step < s0) return start;
  const span = Math.max(s1 - s0, 1e-9);
  const progress = (step - s0) / span;
  switch (name) {
    case 'linear_decay':
      return clampToward(start + (end - start) * progress, end, start);
    case 'rate_decay':
      return clampToward(start * RATE_DECAY ** (progress * RATE_DECAY_TIMES), end, start);
    case 'periodic_decay': {
      // A cosine that restarts PERIODIC_CYCLES times, its amplitude shrinking linearly to zero.
      const x = progress * PERIODIC_CYCLES * 2 * Math.PI;
      const amplitude = Math.max(1 - progress, 0);
      return clampToward(end + (start - end) * 0.5 * (1 + Math.cos(x)) * amplitude, end, start);
    }
  }
}
