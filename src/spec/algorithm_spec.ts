/**
 * Resolves `agent.algorithm`: the algorithm's own keys with SLM Lab's defaults, its exploration
 * and coefficient schedules, and the checks between them.
 */
import { bool, nonNegInt, nullable, num, oneOf, posInt } from './checks';
import type { NumRange } from './checks';
import { ALGORITHM_DEFAULTS, DEMO_DEFAULTS, LIMITS } from './defaults';
import { resolveSchedule } from './schedule_spec';
import { Section } from './section';
import type {
  ActionPdtype,
  ActionPolicy,
  AlgorithmName,
  AlgorithmSpecBase,
  BcSpec,
  DqfdSpec,
  ResolvedAlgorithmSpec,
  ScheduleSpec,
} from './types';

export const ALGORITHM_NAMES: readonly AlgorithmName[] = ['VanillaDQN', 'DQN', 'DoubleDQN', 'Reinforce', 'ActorCritic', 'PPO'];
export const ACTION_PDTYPES: readonly ActionPdtype[] = ['default', 'Argmax', 'Categorical', 'MultiCategorical', 'Normal'];
export const ACTION_POLICIES: readonly ActionPolicy[] = ['default', 'random', 'epsilon_greedy', 'boltzmann'];

/** Whether the algorithm learns off-policy from a replay memory. */
export function isDqnFamily(name: AlgorithmName): name is 'VanillaDQN' | 'DQN' | 'DoubleDQN' {
  return name === 'VanillaDQN' || name === 'DQN' || name === 'DoubleDQN';
}

const UNSUPPORTED_ALGORITHMS: Readonly<Record<string, string>> = {
  A2C: "SLM Lab's A2C is the algorithm 'ActorCritic' (A2C is its agent name)",
  SARSA: 'use DQN',
  SAC: 'continuous-control SAC is not available; use PPO',
  SIL: 'self-imitation learning is not available; use ActorCritic',
  PPOSIL: 'self-imitation learning is not available; use PPO',
  HydraDQN: 'multi-body Hydra nets are not available; use DQN',
  DDPG: 'use PPO',
  Random: 'use action_policy "random"',
};

const UNSUPPORTED_PDTYPES: Readonly<Record<string, string>> = {
  Beta: "use 'Normal'",
  Gumbel: "use 'Categorical'",
  LogNormal: "use 'Normal'",
  MultivariateNormal: "use 'Normal'",
  RelaxedOneHotCategorical: "use 'Categorical'",
  GumbelSoftmax: "use 'Categorical'",
};

const BASE_KEYS = ['name', 'action_pdtype', 'action_policy', 'explore_var_spec', 'gamma', 'training_frequency', 'demo_pretrain_steps'];
/** DQfD's keys (DQN family). */
export const DQFD_KEYS = ['demo_nstep', 'demo_nstep_coef', 'demo_margin', 'demo_margin_coef', 'demo_l2_coef', 'demo_priority_bonus'] as const;
/** Behaviour cloning's keys (policy nets). */
export const BC_KEYS = ['bc_strength', 'bc_steps', 'bc_batch_size'] as const;
const DQN_KEYS = [...BASE_KEYS, 'training_batch_iter', 'training_iter', 'training_start_step', ...DQFD_KEYS];
const REINFORCE_KEYS = [...BASE_KEYS, 'center_return', 'entropy_coef_spec', ...BC_KEYS];
const AC_KEYS = [...BASE_KEYS, 'lam', 'num_step_returns', 'entropy_coef_spec', 'policy_loss_coef', 'val_loss_coef', ...BC_KEYS];
const PPO_KEYS = [
  ...AC_KEYS.filter((k) => k !== 'training_frequency'),
  'clip_eps_spec',
  'time_horizon',
  'minibatch_size',
  'training_epoch',
  'clip_vloss',
  'normalize_advantages',
];
const ALL_KEYS = [...new Set([...DQN_KEYS, ...REINFORCE_KEYS, ...PPO_KEYS, 'training_frequency'])];

function keysOf(name: AlgorithmName): string[] {
  if (isDqnFamily(name)) return DQN_KEYS;
  if (name === 'Reinforce') return REINFORCE_KEYS;
  return name === 'PPO' ? PPO_KEYS : AC_KEYS;
}

/** Resolves the algorithm section; null when its name is unusable (the problem is recorded). */
export function resolveAlgorithm(sec: Section): ResolvedAlgorithmSpec | null {
  const nameCheck = oneOf(ALGORITHM_NAMES, 'algorithm', { unsupported: UNSUPPORTED_ALGORITHMS });
  const name = sec.req('name', nameCheck, 'DQN');
  if (!nameCheck(sec.get('name')).ok) {
    sec.keys([...ALL_KEYS, 'clip_val_loss']);
    return null;
  }
  const own = keysOf(name);
  const misplaced: Record<string, string> = {};
  for (const k of ALL_KEYS) if (!own.includes(k)) misplaced[k] = `${k} is not a key of ${name}`;
  for (const k of DQFD_KEYS) if (!own.includes(k)) misplaced[k] = `${k} is a DQfD key of the DQN family; ${name} learns from demonstrations by behaviour cloning (bc_strength, bc_steps, bc_batch_size)`;
  for (const k of BC_KEYS) if (!own.includes(k)) misplaced[k] = `${k} is a behaviour-cloning key of the policy-gradient family; ${name} learns from demonstrations by DQfD (demo_nstep, demo_margin, ...)`;
  const ignored: Record<string, string> = {};
  if (name === 'PPO') {
    ignored.training_frequency = 'ignored: PPO trains every time_horizon steps';
    ignored.clip_val_loss = "old SLM Lab name of clip_vloss; read as clip_vloss";
  } else {
    misplaced.clip_val_loss = `clip_val_loss (clip_vloss) is a PPO key, not one of ${name}`;
  }
  sec.keys(own, { misplaced, ignored });

  const dqn = isDqnFamily(name);
  const defaults = dqn ? ALGORITHM_DEFAULTS.dqn : ALGORITHM_DEFAULTS.policy;
  const action_policy = sec.opt('action_policy', oneOf(ACTION_POLICIES, 'action_policy'), defaults.action_policy);
  const base: AlgorithmSpecBase = {
    name,
    action_pdtype: sec.opt('action_pdtype', oneOf(ACTION_PDTYPES, 'action_pdtype', { unsupported: UNSUPPORTED_PDTYPES }), defaults.action_pdtype),
    action_policy,
    explore_var_spec: exploreVar(sec, action_policy),
    gamma: sec.req('gamma', num({ min: 0, max: 1 }), 0.99),
    training_frequency: name === 'PPO' ? 1 : sec.req('training_frequency', posInt(LIMITS.steps), 1),
  };
  const demo_pretrain_steps = sec.opt('demo_pretrain_steps', nonNegInt(LIMITS.pretrain_steps), DEMO_DEFAULTS.demo_pretrain_steps);
  if (dqn) {
    return {
      ...base,
      name,
      training_batch_iter: sec.req('training_batch_iter', posInt(10000), 1),
      training_iter: sec.req('training_iter', posInt(10000), 1),
      training_start_step: sec.req('training_start_step', nonNegInt(LIMITS.steps), 0),
      ...dqfdKeys(sec, demo_pretrain_steps),
    };
  }
  const entropy_coef_spec = schedule(sec, 'entropy_coef_spec', { min: 0 });
  const bc = bcKeys(sec, demo_pretrain_steps);
  if (name === 'Reinforce') {
    return {
      ...base,
      name,
      center_return: sec.opt('center_return', bool, ALGORITHM_DEFAULTS.center_return),
      entropy_coef_spec,
      ...bc,
    };
  }
  const ac = {
    ...base,
    ...bc,
    lam: sec.opt('lam', nullable(num({ min: 0, max: 1 })), ALGORITHM_DEFAULTS.lam),
    num_step_returns: sec.opt('num_step_returns', nullable(posInt(LIMITS.steps)), ALGORITHM_DEFAULTS.num_step_returns),
    entropy_coef_spec,
    policy_loss_coef: sec.opt('policy_loss_coef', num({ min: 0 }), ALGORITHM_DEFAULTS.policy_loss_coef),
    val_loss_coef: sec.opt('val_loss_coef', num({ min: 0 }), ALGORITHM_DEFAULTS.val_loss_coef),
  };
  if (ac.lam !== null && ac.num_step_returns !== null) {
    sec.warn('num_step_returns', 'ignored: lam is set, so advantages use GAE (as in SLM Lab)');
  }
  if (name === 'ActorCritic') return { ...ac, name };
  if (sec.has('clip_vloss') && sec.has('clip_val_loss')) {
    sec.error('clip_val_loss', 'give clip_vloss only (clip_val_loss is its old name)');
  }
  const clipKey = sec.has('clip_vloss') || !sec.has('clip_val_loss') ? 'clip_vloss' : 'clip_val_loss';
  const time_horizon = sec.req('time_horizon', posInt(LIMITS.steps), 1);
  const clip = schedule(sec, 'clip_eps_spec', { gt: 0 });
  if (clip === null && !sec.has('clip_eps_spec')) sec.error('clip_eps_spec', 'is required for PPO');
  else if (clip === null && sec.get('clip_eps_spec') === null) sec.error('clip_eps_spec', 'must be a schedule for PPO (got null)');
  return {
    ...ac,
    name,
    training_frequency: time_horizon,
    clip_eps_spec: clip ?? { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 },
    time_horizon,
    minibatch_size: sec.opt('minibatch_size', posInt(LIMITS.batch_size), ALGORITHM_DEFAULTS.minibatch_size),
    training_epoch: sec.req('training_epoch', posInt(10000), 1),
    clip_vloss: sec.opt(clipKey, bool, ALGORITHM_DEFAULTS.clip_vloss),
    normalize_advantages: sec.opt('normalize_advantages', bool, ALGORITHM_DEFAULTS.normalize_advantages),
  };
}

/** DQfD's keys with their defaults (DEMO_DEFAULTS). */
function dqfdKeys(sec: Section, demo_pretrain_steps: number): DqfdSpec {
  const d = DEMO_DEFAULTS;
  return {
    demo_pretrain_steps,
    demo_nstep: sec.opt('demo_nstep', posInt(LIMITS.demo_nstep), d.demo_nstep),
    demo_nstep_coef: sec.opt('demo_nstep_coef', num({ min: 0 }), d.demo_nstep_coef),
    demo_margin: sec.opt('demo_margin', num({ min: 0 }), d.demo_margin),
    demo_margin_coef: sec.opt('demo_margin_coef', num({ min: 0 }), d.demo_margin_coef),
    demo_l2_coef: sec.opt('demo_l2_coef', num({ min: 0 }), d.demo_l2_coef),
    demo_priority_bonus: sec.opt('demo_priority_bonus', num({ min: 0 }), d.demo_priority_bonus),
  };
}

/** Behaviour cloning's keys with their defaults (DEMO_DEFAULTS). */
function bcKeys(sec: Section, demo_pretrain_steps: number): BcSpec {
  const d = DEMO_DEFAULTS;
  return {
    demo_pretrain_steps,
    bc_strength: sec.opt('bc_strength', num({ min: 0 }), d.bc_strength),
    bc_steps: sec.opt('bc_steps', nonNegInt(LIMITS.steps), d.bc_steps),
    bc_batch_size: sec.opt('bc_batch_size', posInt(LIMITS.batch_size), d.bc_batch_size),
  };
}

function schedule(sec: Section, key: string, range: NumRange): ScheduleSpec | null {
  const s = sec.sub(key, { nullable: true });
  return s ? resolveSchedule(s, range) : null;
}

/** explore_var_spec: epsilon in [0, 1] or Boltzmann tau > 0; required by those two policies. */
function exploreVar(sec: Section, policy: ActionPolicy): ScheduleSpec | null {
  const range: NumRange = policy === 'epsilon_greedy' ? { min: 0, max: 1 } : policy === 'boltzmann' ? { gt: 0 } : {};
  const spec = schedule(sec, 'explore_var_spec', range);
  const needs = policy === 'epsilon_greedy' || policy === 'boltzmann';
  if (needs && spec === null && (!sec.has('explore_var_spec') || sec.get('explore_var_spec') === null)) {
    sec.error('explore_var_spec', `is required with action_policy '${policy}'`);
  }
  if (!needs && spec !== null) sec.warn('explore_var_spec', `unused with action_policy '${policy}'; ignored`);
  return spec;
}
