/**
 * The memory registry: SLM Lab memory names to classes, and the factory that builds one from the
 * `agent.memory` section of a spec.
 */
import { SpecError } from '../util/errors';
import { OnPolicyBatchReplay } from './on_policy_batch_replay';
import { OnPolicyReplay } from './on_policy_replay';
import { PrioritizedReplay } from './prioritized_replay';
import { Replay } from './replay';
import type { MemoryName, MemoryOptions, MemorySpec } from './types';

/** Every memory by its SLM Lab name. */
export const MEMORIES = { Replay, PrioritizedReplay, OnPolicyReplay, OnPolicyBatchReplay } as const;

/** The memory class a name builds. */
export type MemoryOf<N extends MemoryName> = InstanceType<(typeof MEMORIES)[N]>;

/** Any memory. */
export type AnyMemory = MemoryOf<MemoryName>;

/**
 * Builds the memory `spec.name` names. Throws SpecError (path `memory.<key>`) for an unknown
 * name or bad sizes, ShapeError for an observation shape frameStack does not divide.
 */
export function createMemory<N extends MemoryName>(spec: MemorySpec & { readonly name: N }, opts: MemoryOptions): MemoryOf<N> {
  const name: string = spec.name;
  if (!Object.prototype.hasOwnProperty.call(MEMORIES, name)) {
    throw new SpecError([
      { path: 'memory.name', message: `unknown memory "${name}" (known: ${Object.keys(MEMORIES).join(', ')})` },
    ]);
  }
  const Memory = MEMORIES[spec.name];
  return new Memory(spec, opts) as MemoryOf<N>;
}
