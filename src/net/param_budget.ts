/**
 * The parameter cap: how large the nets of a spec may be, checked from the resolved spec, the
 * observation shape and the action space alone (planNetWeights), before any net is built or
 * initialised. It guards every place a spec becomes nets: `pixelpilot summary`/`train`/`eval`,
 * createAlgorithm (so Trainer.init, createAgent and loadAgent), loadBot and every policy read.
 */
import type { ActionSpace } from '../env/env';
import { inferOutDims } from './out_dims';
import { planNetWeights, type NetWeightPlan } from './weight_plan';
import { SpecError } from '../util/errors';
import type { ResolvedAgentSpec } from '../spec/types';

/** The default cap on the trainable parameters of an agent's nets: 50,000,000 (about 200 MB of float32; AMAGO's IMPALA nets have a few million). */
export const DEFAULT_MAX_PARAMS = 50_000_000;

/** Largest per-sample activation a net may make, in elements: 2^26 (256 MB of float32 for one sample). */
export const MAX_ACTIVATIONS_PER_SAMPLE = 2 ** 26;

/** Options of the parameter cap. */
export interface ParamBudgetOptions {
  /** Most trainable parameters over all of an agent's nets (target copies not counted). Default DEFAULT_MAX_PARAMS. */
  maxParams?: number;
}

/** The planned nets of an agent ('net', and 'critic_net' for separate actor-critic nets). */
export interface AgentWeightPlan {
  nets: { name: 'net' | 'critic_net'; outDims: number[]; plan: NetWeightPlan }[];
  /** Trainable parameters over all of them. */
  params: number;
}

/** The cap of `options`, checked (a bad option is a SpecError too: it is the spec's limit). */
export function maxParamsOf(options: ParamBudgetOptions | undefined): number {
  const max = options?.maxParams ?? DEFAULT_MAX_PARAMS;
  if (!Number.isSafeInteger(max) || max < 1) throw new SpecError([{ path: 'maxParams', message: `must be a positive integer (got ${max})` }]);
  return max;
}

/**
 * Plans the nets an agent of this spec builds for `obsShape` (one env's observation as the net
 * sees it) and `actionSpace`, and checks them against the cap. Throws SpecError at path
 * `agent.net` naming the count, the limit and the largest weight when over it (or a SpecError /
 * ShapeError for a spec that cannot be built at all). Allocates nothing but the plan.
 */
export function checkParamBudget(
  agent: ResolvedAgentSpec,
  obsShape: readonly number[],
  actionSpace: ActionSpace,
  options: ParamBudgetOptions = {},
): AgentWeightPlan {
  const max = maxParamsOf(options);
  const shared = agent.net.shared;
  if (typeof shared !== 'boolean') throw new SpecError([{ path: 'agent.net.shared', message: `must be true or false (got ${JSON.stringify(shared)})` }], agent.name);
  const out = inferOutDims(agent.algorithm.name, actionSpace, shared);
  const nets = out.nets.map((n) => ({ name: n.name, outDims: n.outDims, plan: planNetWeights(agent.net, obsShape, n.outDims) }));
  const params = nets.reduce((sum, n) => sum + n.plan.params, 0);
  if (params > max) {
    const each = nets.map((n) => `${n.name} ${n.plan.params.toLocaleString('en-US')}`).join(', ');
    const largest = nets
      .flatMap((n) => n.plan.weights.map((w) => ({ name: `${n.name}/${w.name}`, shape: w.shape, size: w.shape.reduce((a, b) => a * b, 1) })))
      .reduce((a, b) => (b.size > a.size ? b : a));
    throw new SpecError(
      [
        {
          path: 'agent.net',
          message:
            `the nets would have ${params.toLocaleString('en-US')} trainable parameters (${each}), over the limit of ${max.toLocaleString('en-US')} ` +
            `(maxParams; the largest weight is ${largest.name} [${largest.shape}]); nothing was built`,
        },
      ],
      agent.name,
    );
  }
  const activations = Math.max(...nets.map((n) => n.plan.activations));
  if (activations > MAX_ACTIVATIONS_PER_SAMPLE) {
    throw new SpecError(
      [{ path: 'agent.net', message: `a forward pass would make ${activations.toLocaleString('en-US')} values per sample (observation [${obsShape}]), over the limit of ${MAX_ACTIVATIONS_PER_SAMPLE.toLocaleString('en-US')}; nothing was built` }],
      agent.name,
    );
  }
  return { nets, params };
}
