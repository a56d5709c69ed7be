/**
 * The shape of a spec as a game developer writes it (SLM Lab's vocabulary, snake_case keys):
 * sections are open records, checked by `resolveSpec` with a JSON path for every problem. Typed
 * enough for editors to complete the names that select code (algorithm, memory, net type).
 */
import type { AlgorithmName, AmagoCnnName, MemoryName, NetType } from '../spec/types';

/** One agent: algorithm, memory and net sections (other keys are checked by resolveSpec). */
export interface AgentSpecInput {
  name?: string;
  algorithm: { name: AlgorithmName; [key: string]: unknown };
  memory: { name: MemoryName; [key: string]: unknown };
  net: { type: NetType | AmagoCnnName; [key: string]: unknown };
  [key: string]: unknown;
}

/** A spec object: what `createAgent` takes (as does the text of an SLM Lab spec file). */
export interface SpecInput {
  agent: AgentSpecInput | AgentSpecInput[];
  env?: { [key: string]: unknown } | { [key: string]: unknown }[];
  meta?: { [key: string]: unknown };
  [key: string]: unknown;
}
