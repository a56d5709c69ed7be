/**
 * A policy's weight entries against the nets its own manifest describes, checked before anything
 * is built: the spec, observation and action space are planned (planNetWeights, no allocation),
 * the parameter cap applies, and the acting entries must be exactly the planned ones (names,
 * shapes, kinds), the target entries exactly copies of the nets they follow. A file that asks for
 * a 17 GB net, or whose entries do not fit its spec, fails here, not in an allocator.
 */
import type { ActionSpace } from '../env/env';
import { checkParamBudget, type AgentWeightPlan, type ParamBudgetOptions } from '../net/param_budget';
import type { ResolvedAgentSpec } from '../spec/types';
import { StorageError } from '../util/errors';
import type { PolicyContents } from './policy_read';

/** The net each target net copies (DQN and DoubleDQN keep one: 'target_net' follows 'net'). */
const TARGETS: Readonly<Record<string, string>> = { target_net: 'net' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDims = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((d) => Number.isSafeInteger(d) && d >= 1);

/** What is wrong with a saved action space (validate_env's rules, kept here out of the play bundle's env code); null when usable. */
function actionSpaceProblem(a: unknown): string | null {
  if (!isObject(a)) return 'actionSpace must be an object';
  if (a.type === 'discrete') return Number.isSafeInteger(a.n) && (a.n as number) >= 1 ? null : 'actionSpace.n must be an integer >= 1';
  if (a.type === 'multi_discrete') return isDims(a.nvec) ? null : 'actionSpace.nvec must be a non-empty list of integers >= 1';
  if (a.type === 'continuous') {
    if (!isDims(a.shape)) return 'actionSpace.shape must be a non-empty list of integers >= 1';
    const num = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
    return num(a.low) && num(a.high) && a.low <= a.high ? null : 'actionSpace.low and high must be numbers, low <= high';
  }
  return "actionSpace.type must be 'discrete', 'multi_discrete' or 'continuous'";
}

/**
 * Checks `contents` (already structurally checked and checksummed) against the plan of its own
 * spec. StorageError naming the first weight that differs or the part of the manifest that cannot
 * be planned; SpecError (path agent.net) when its nets exceed `options.maxParams`.
 */
export function checkPolicyPlan(contents: PolicyContents, where: string, options: ParamBudgetOptions = {}): AgentWeightPlan {
  const m = contents.manifest;
  const fail = (what: string): never => {
    throw new StorageError(`${where}: ${what}`);
  };
  const agent = m.spec.agent as unknown;
  if (!isObject(agent) || !isObject(agent.algorithm) || typeof agent.algorithm.name !== 'string' || !isObject(agent.net)) {
    return fail('the policy\'s spec has no agent.algorithm.name or agent.net');
  }
  const problem = actionSpaceProblem(m.actionSpace);
  if (problem !== null) fail(`the policy's action space is not usable: ${problem}`);
  const obs = m.observation.shape;
  if (obs.length !== 1 && obs.length !== 3) fail(`the policy's observation shape [${obs}] is neither [D] nor [H, W, C]`);
  if (obs.some((d) => d < 1)) fail(`the policy's observation shape [${obs}] has an empty axis`);
  const plan = checkParamBudget(agent as unknown as ResolvedAgentSpec, obs, m.actionSpace as ActionSpace, options);

  const planned = new Map<string, { shape: number[]; kind: string }>();
  for (const net of plan.nets) for (const w of net.plan.weights) planned.set(`${net.name}/${w.name}`, { shape: w.shape, kind: w.kind });
  const seen = new Set<string>();
  const names = new Set<string>();
  for (const entry of m.weights) {
    if (names.has(entry.name)) fail(`weight '${entry.name}' is listed twice`);
    names.add(entry.name);
    if (entry.kind === 'optimizer') continue;
    let name = entry.name;
    let kind: string = entry.kind;
    if (kind === 'target') {
      const slash = name.indexOf('/');
      const follows = TARGETS[name.slice(0, slash)];
      if (slash < 0 || follows === undefined || !planned.has(`${follows}/${name.slice(slash + 1)}`)) {
        fail(`target weight '${entry.name}' copies no weight of the nets the policy's spec builds`);
      }
      name = `${follows}/${name.slice(slash + 1)}`;
      kind = planned.get(name)!.kind;
    } else {
      seen.add(name);
    }
    const want = planned.get(name);
    if (want === undefined) fail(`weight '${entry.name}' is not a weight of the nets the policy's spec builds`);
    if (want!.kind !== kind) fail(`weight '${entry.name}' is a ${entry.kind}, the policy's spec makes it a ${want!.kind}`);
    if (want!.shape.length !== entry.shape.length || want!.shape.some((d, i) => d !== entry.shape[i])) {
      fail(`weight '${entry.name}' has shape [${entry.shape}], the policy's spec builds [${want!.shape}]`);
    }
  }
  const missing = [...planned.keys()].filter((n) => !seen.has(n));
  if (missing.length > 0) fail(`the policy lacks weights its spec builds: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
  return plan;
}
