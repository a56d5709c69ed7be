/**
 * Resolves SLM Lab variable schedules: explore_var_spec, entropy_coef_spec, clip_eps_spec.
 */
import { nonNegInt, num, oneOf } from './checks';
import type { NumRange } from './checks';
import { LIMITS, SCHEDULE_DEFAULTS } from './defaults';
import { Section } from './section';
import type { ScheduleName, ScheduleSpec } from './types';

export const SCHEDULE_NAMES: readonly ScheduleName[] = ['no_decay', 'linear_decay', 'rate_decay', 'periodic_decay'];

/**
 * Reads one schedule. `range` bounds start_val and end_val (e.g. [0, 1] for epsilon). A decaying
 * schedule needs end_val and end_step > start_step (SLM Lab divides by their difference).
 */
export function resolveSchedule(sec: Section, range: NumRange): ScheduleSpec {
  sec.keys(['name', 'start_val', 'end_val', 'start_step', 'end_step']);
  const name = sec.req('name', oneOf(SCHEDULE_NAMES, 'schedule'), 'no_decay');
  const value = num(range);
  const step = nonNegInt(LIMITS.steps);
  const start_val = sec.req('start_val', value, 0);
  const start_step = sec.opt('start_step', step, SCHEDULE_DEFAULTS.start_step);
  if (name === 'no_decay') {
    return {
      name,
      start_val,
      end_val: sec.opt('end_val', value, start_val),
      start_step,
      end_step: sec.opt('end_step', step, SCHEDULE_DEFAULTS.end_step),
    };
  }
  const end_val = sec.req('end_val', value, start_val);
  const end_step = sec.req('end_step', step, start_step + 1);
  if (end_step <= start_step && sec.has('end_step')) {
    sec.error('end_step', `must be > start_step for ${name} (got ${end_step} <= ${start_step})`);
  }
  return { name, start_val, end_val, start_step, end_step };
}
