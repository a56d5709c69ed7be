/**
 * Resolves the `env` section. Env names are free strings here (checked when the env is made);
 * SLM Lab template variables such as "${env}" are kept, with a warning that the env must be given.
 */
import { nonEmptyString, nullable, num, oneOf, posInt } from './checks';
import type { Check } from './checks';
import { ENV_DEFAULTS, LIMITS } from './defaults';
import { Section } from './section';
import { describe } from './spec_context';
import type { ResolvedEnvSpec } from './types';

const ENV_KEYS = ['name', 'num_envs', 'max_t', 'max_frame', 'frame_op', 'frame_op_len', 'reward_scale'];

const IGNORED_ENV_KEYS: Readonly<Record<string, string>> = {
  life_loss_info: 'Atari life-loss signal is not used here; ignored',
  repeat_action_probability: 'ALE sticky actions are the env\'s own setting here; ignored',
  normalize_state: 'old SLM Lab key; ignored (nets normalise image input with net.normalize)',
};

const rewardScale: Check<number | 'sign' | null> = (v) => {
  if (v === null || v === 'sign') return { ok: true, value: v };
  const r = num({ gt: 0 })(v);
  return r.ok ? r : { ok: false, error: `must be a positive number, "sign" or null (got ${describe(v)})` };
};

/** True when a name holds an SLM Lab template variable, e.g. "${env}". */
export function isTemplateName(name: string): boolean {
  return /\$\{[^}]*\}/.test(name);
}

/** Resolves the env section. */
export function resolveEnv(sec: Section): ResolvedEnvSpec {
  sec.keys(ENV_KEYS, { ignored: IGNORED_ENV_KEYS });
  const name = sec.req('name', nonEmptyString, '${env}');
  if (isTemplateName(name)) {
    sec.warn('name', `${JSON.stringify(name)} is an SLM Lab template variable: the env must be given at run time (e.g. the CLI's --env)`);
  }
  const steps = posInt(LIMITS.steps);
  const spec: ResolvedEnvSpec = {
    name,
    num_envs: sec.opt('num_envs', posInt(LIMITS.num_envs), ENV_DEFAULTS.num_envs),
    max_t: sec.opt('max_t', nullable(steps), ENV_DEFAULTS.max_t),
    max_frame: sec.opt('max_frame', nullable(steps), ENV_DEFAULTS.max_frame),
    frame_op: sec.opt('frame_op', nullable(oneOf(['concat', 'stack'] as const, 'frame_op')), ENV_DEFAULTS.frame_op),
    frame_op_len: sec.opt('frame_op_len', nullable(posInt(64)), ENV_DEFAULTS.frame_op_len),
    reward_scale: sec.opt('reward_scale', rewardScale, ENV_DEFAULTS.reward_scale),
  };
  if (spec.frame_op !== null && spec.frame_op_len === null && !sec.has('frame_op_len')) {
    sec.error('frame_op_len', `is required with frame_op '${spec.frame_op}'`);
  }
  if (spec.frame_op === null && spec.frame_op_len !== null && !sec.has('frame_op')) {
    sec.error('frame_op_len', "needs frame_op ('concat' or 'stack')");
  }
  return spec;
}
