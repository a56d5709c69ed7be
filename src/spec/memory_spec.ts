/**
 * Resolves `agent.memory`: replay (uniform or prioritized) for the DQN family, on-policy storage
 * for Reinforce / ActorCritic / PPO.
 */
import { bool, num, oneOf, posInt } from './checks';
import { LIMITS, MEMORY_DEFAULTS } from './defaults';
import { Section } from './section';
import type { MemoryName, ResolvedMemorySpec } from './types';

export const MEMORY_NAMES: readonly MemoryName[] = ['Replay', 'PrioritizedReplay', 'OnPolicyReplay', 'OnPolicyBatchReplay'];

const UNSUPPORTED_MEMORIES: Readonly<Record<string, string>> = {
  ConcatReplay: "use 'Replay' with env frame_op 'concat'",
  AtariReplay: "use 'Replay' (frames are preprocessed by the env here)",
  OnPolicyAtariReplay: "use 'OnPolicyReplay'",
  OnPolicyConcatReplay: "use 'OnPolicyReplay' with env frame_op 'concat'",
  OnPolicyAtariBatchReplay: "use 'OnPolicyBatchReplay'",
  SILReplay: 'self-imitation learning is not available',
};

/** PrioritizedReplay's own keys: SLM Lab's alpha and epsilon, and the importance-sampling beta it omits. */
const PER_KEYS = ['alpha', 'epsilon', 'beta_start', 'beta_anneal_steps'];

/** Whether a memory is a replay memory (off-policy). */
export function isReplayMemory(name: MemoryName): name is 'Replay' | 'PrioritizedReplay' {
  return name === 'Replay' || name === 'PrioritizedReplay';
}

/** Resolves the memory section; null when its name is unusable (the problem is recorded). */
export function resolveMemory(sec: Section): ResolvedMemorySpec | null {
  const nameCheck = oneOf(MEMORY_NAMES, 'memory', { unsupported: UNSUPPORTED_MEMORIES });
  const name = sec.req('name', nameCheck, 'Replay');
  const replayKeys = ['name', 'batch_size', 'max_size', 'use_cer'];
  if (!nameCheck(sec.get('name')).ok) {
    sec.keys([...replayKeys, ...PER_KEYS]);
    return null;
  }
  if (!isReplayMemory(name)) {
    const why = 'ignored: on-policy memory holds one rollout and is emptied after each training';
    sec.keys(['name'], { ignored: { batch_size: why, max_size: why, use_cer: why } });
    return { name };
  }
  const per = 'is a PrioritizedReplay key, not one of Replay';
  sec.keys(name === 'PrioritizedReplay' ? [...replayKeys, ...PER_KEYS] : replayKeys, {
    misplaced: Object.fromEntries(PER_KEYS.map((k) => [k, `${k} ${per}`])),
  });
  const batch_size = sec.req('batch_size', posInt(LIMITS.batch_size), 1);
  const max_size = sec.req('max_size', posInt(LIMITS.max_size), LIMITS.max_size);
  if (batch_size > max_size) {
    sec.error('batch_size', `must be <= ${sec.at('max_size')} (got ${batch_size} > ${max_size})`);
  }
  const use_cer = sec.opt('use_cer', bool, MEMORY_DEFAULTS.use_cer);
  if (name === 'Replay') return { name, batch_size, max_size, use_cer };
  return {
    name,
    batch_size,
    max_size,
    use_cer,
    alpha: sec.req('alpha', num({ min: 0, max: 1 }), 0.6),
    epsilon: sec.req('epsilon', num({ gt: 0 }), 1e-4),
    beta_start: sec.opt('beta_start', num({ min: 0, max: 1 }), MEMORY_DEFAULTS.beta_start),
    beta_anneal_steps: sec.opt('beta_anneal_steps', posInt(LIMITS.steps), MEMORY_DEFAULTS.beta_anneal_steps),
  };
}
