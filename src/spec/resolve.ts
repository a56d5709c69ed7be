/**
 * The spec loader's entry points: pick a spec out of an SLM Lab spec file, validate every section
 * (collecting every problem), fill the defaults and return a deeply frozen ResolvedSpec.
 */
import { assert } from '../util/assert';
import { SpecError } from '../util/errors';
import { isDqnFamily, resolveAlgorithm } from './algorithm_spec';
import { nonEmptyString } from './checks';
import { deepFreeze } from './deep_freeze';
import { resolveEnv } from './env_spec';
import { isReplayMemory, resolveMemory } from './memory_spec';
import { resolveMeta } from './meta_spec';
import { resolveNet } from './net_spec';
import { parseSpecText } from './parse_text';
import { Section } from './section';
import { SpecContext, describe, isRecord, ownValue } from './spec_context';
import { didYouMean } from './suggest';
import type { ResolvedSpec, SpecWarning } from './types';

/** Options of resolveSpec. */
export interface ResolveOptions {
  /**
   * Which spec of a file of named specs; needed when it holds more than one. For a single spec
   * (the inner object) it only names the result.
   */
  name?: string;
  /**
   * The envs the agent will really step (a game's copies, `players`) where they differ from the
   * spec's env.num_envs: the checks across sections (PPO's minibatch against its rollout) use it.
   * Default: env.num_envs.
   */
  numEnvs?: number;
}

/** A resolved spec and what the loader noticed on the way. */
export interface ResolveResult {
  /** Complete and deeply frozen. */
  spec: ResolvedSpec;
  /** Keys with no meaning here, aliases, template env names...; frozen. */
  warnings: readonly SpecWarning[];
}

const SPEC_KEYS = ['agent', 'env', 'meta'];

/** A single spec (rather than a file of named specs) has an agent, env or meta key. */
function isSingleSpec(raw: Record<string, unknown>): boolean {
  return SPEC_KEYS.some((k) => ownValue(raw, k) !== undefined);
}

function rootError(message: string): SpecError {
  return new SpecError([{ path: '(root)', message }]);
}

function toRaw(rawOrText: unknown): Record<string, unknown> {
  const raw = typeof rawOrText === 'string' ? parseSpecText(rawOrText) : rawOrText;
  if (!isRecord(raw)) throw rootError(`a spec must be a JSON object (got ${describe(raw)})`);
  return raw;
}

/** The name of a single spec: its `name` key, else its agent's name, else "spec". */
function singleName(raw: Record<string, unknown>): string {
  const own = ownValue(raw, 'name');
  if (typeof own === 'string' && own !== '') return own;
  let agent = ownValue(raw, 'agent');
  if (Array.isArray(agent) && agent.length === 1) agent = agent[0];
  const agentName = isRecord(agent) ? ownValue(agent, 'name') : undefined;
  return typeof agentName === 'string' && agentName !== '' ? agentName : 'spec';
}

/**
 * The spec names in a spec file (parsed or text): its keys for a file of named specs, or the one
 * name of a single spec.
 * @throws SpecError when the text does not parse or is not an object.
 */
export function specNames(rawOrText: unknown): string[] {
  const raw = toRaw(rawOrText);
  return isSingleSpec(raw) ? [singleName(raw)] : Object.keys(raw);
}

/** Picks the spec to resolve: the named one, or the only one. */
function select(raw: Record<string, unknown>, options: ResolveOptions): { body: unknown; name: string; named: boolean } {
  if (isSingleSpec(raw)) return { body: raw, name: options.name ?? singleName(raw), named: false };
  const names = Object.keys(raw);
  const list = names.map((n) => `"${n}"`).join(', ');
  if (names.length === 0) throw rootError('the file holds no spec (an empty object)');
  if (options.name !== undefined) {
    if (!names.includes(options.name)) {
      throw rootError(`no spec named "${options.name}"${didYouMean(options.name, names)}; the file holds ${list}`);
    }
    return { body: ownValue(raw, options.name), name: options.name, named: true };
  }
  if (names.length > 1) throw rootError(`the file holds ${names.length} specs; choose one by name: ${list}`);
  return { body: ownValue(raw, names[0]!), name: names[0]!, named: true };
}

/** Reads `agent` / `env`, written as an object or (SLM Lab v4) a one-element list. */
function unwrapOne(top: Section, key: 'agent' | 'env', what: string): Section | null {
  const v = top.get(key);
  if (v === undefined) {
    top.error(key, 'is required');
    return null;
  }
  if (Array.isArray(v)) {
    if (v.length !== 1) {
      const why = v.length === 0 ? `an empty list` : `${v.length} ${what}s`;
      top.error(key, `multi-${what} specs are not supported: give exactly one ${what} (got ${why})`);
      return null;
    }
    if (!isRecord(v[0])) {
      top.ctx.error(`${top.at(key)}[0]`, `must be an object (got ${describe(v[0])})`);
      return null;
    }
    return new Section(top.ctx, v[0], `${top.at(key)}[0]`);
  }
  return top.sub(key);
}

/**
 * Resolves one spec: a spec file's text, its parsed value, or a single spec object. Validation
 * collects every problem and throws one SpecError listing each with its JSON path; the input is
 * never modified.
 * @throws SpecError for unparsable text, an ambiguous or unknown name, or any invalid value.
 */
export function resolveSpec(rawOrText: unknown, options: ResolveOptions = {}): ResolveResult {
  const raw = toRaw(rawOrText);
  const { body, name } = select(raw, options);
  if (!isRecord(body)) throw new SpecError([{ path: name, message: `must be a spec object (got ${describe(body)})` }], name);

  const ctx = new SpecContext();
  const top = new Section(ctx, body, '');
  top.keys(['agent', 'env', 'meta', 'name'], {
    ignored: {
      search: 'hyperparameter search is not supported; ignored',
      body: "SLM Lab's agent-env body product (multi-agent); ignored",
    },
  });
  top.opt('name', nonEmptyString, name);

  const agentSec = unwrapOne(top, 'agent', 'agent');
  const envSec = unwrapOne(top, 'env', 'env');
  let agentName = name;
  let algorithm = null;
  let memory = null;
  let net = null;
  let algoSec: Section | null = null;
  let memSec: Section | null = null;
  let netSec: Section | null = null;
  if (agentSec) {
    agentSec.keys(['name', 'algorithm', 'memory', 'net']);
    algoSec = agentSec.sub('algorithm', { required: true });
    memSec = agentSec.sub('memory', { required: true });
    netSec = agentSec.sub('net', { required: true });
    algorithm = algoSec && resolveAlgorithm(algoSec);
    memory = memSec && resolveMemory(memSec);
    net = netSec && resolveNet(netSec);
    agentName = agentSec.opt('name', nonEmptyString, algorithm?.name ?? name);
  }
  const env = envSec && resolveEnv(envSec);
  const meta = resolveMeta(top.sub('meta'));

  // Checks across sections.
  if (algorithm && memory && memSec) {
    if (isDqnFamily(algorithm.name) !== isReplayMemory(memory.name)) {
      const needs = isDqnFamily(algorithm.name)
        ? `${algorithm.name} learns off-policy and needs 'Replay' or 'PrioritizedReplay'`
        : `${algorithm.name} learns on-policy and needs 'OnPolicyReplay' or 'OnPolicyBatchReplay'`;
      memSec.error('name', `${needs} (got '${memory.name}')`);
    }
  }
  if (algorithm?.name === 'PPO' && env && algoSec && envSec) {
    const envs = options.numEnvs ?? env.num_envs;
    const batch = algorithm.time_horizon * envs;
    if (algorithm.minibatch_size > batch) {
      const times = options.numEnvs === undefined ? envSec.at('num_envs') : `${envs} envs`;
      algoSec.error('minibatch_size', `must be <= ${algoSec.at('time_horizon')} * ${times} (got ${algorithm.minibatch_size} > ${batch})`);
    }
  }
  if (algorithm && netSec && isDqnFamily(algorithm.name) && net?.policy_head_init_scale != null) {
    netSec.error('policy_head_init_scale', `${algorithm.name}'s net has Q-value heads, no policy head: remove it`);
  }
  if (algorithm && netSec && algorithm.name !== 'ActorCritic' && algorithm.name !== 'PPO') {
    for (const key of ['actor_optim_spec', 'critic_optim_spec', 'shared', 'use_same_optim']) {
      if (netSec.has(key)) netSec.warn(key, `ignored: only ActorCritic and PPO have actor and critic (got ${algorithm.name})`);
    }
  }

  ctx.throwIfProblems(name);
  assert(algorithm && memory && net && env, () => 'spec sections missing without a recorded problem');
  const spec: ResolvedSpec = { name, agent: { name: agentName, algorithm, memory, net }, env, meta };
  return { spec: deepFreeze(spec), warnings: deepFreeze([...ctx.warnings]) };
}
