/**
 * The one net a bot acts with, rebuilt from a verified policy exactly as training built it
 * (`buildNet` with the manifest's resolved net spec and inferOutDims' heads, so the parameter
 * layout is the same), with the saved weights loaded. Only 'net' is built: a target net, a
 * separate critic or an optimizer never chooses an action, so their entries stay unread (the
 * checksum still covers them).
 */
import type { ActionSpace } from '../env/env';
import { inferOutDims, type HeadRole } from '../net/heads';
import { buildNet, type Net } from '../net/net';
import { planWeights, type PolicyContents } from '../store/policy_artifact';
import { Rng } from '../util/rng';

/** The acting net and what its heads mean. */
export interface ActingNet {
  net: Net;
  /** One role per head ('q', 'logits', 'mean', 'log_std', 'value'). */
  roles: HeadRole[];
  /** The net's input per decision: the observation shape, or [seq_len, ...shape] for a RecurrentNet. */
  inputShape: number[];
}

const NET = 'net';

/**
 * Builds the policy's 'net' and loads its weights. ShapeError when the file's weights do not fit
 * the net its own spec describes (a damaged or hand-edited manifest), SpecError for a spec this
 * SDK cannot build.
 */
export function buildActingNet(contents: PolicyContents, where: string): ActingNet {
  const { spec, observation, actionSpace } = contents.manifest;
  const agent = spec.agent;
  const plan = inferOutDims(agent.algorithm.name, actionSpace as ActionSpace, agent.net.shared);
  const netPlan = plan.nets[0]!;
  // The init stream is irrelevant (every weight is overwritten below) but buildNet needs one.
  const net = buildNet(agent.net, { inShape: [...observation.shape], outDims: netPlan.outDims, rng: new Rng(0) });
  try {
    // Not exact: a separate critic's acting weights are in the file but never loaded.
    planWeights(new Map([[NET, net]]), contents, where, { from: 'acting', exact: false })();
  } catch (error) {
    net.dispose();
    throw error;
  }
  const inputShape = net.recurrent ? [agent.net.seq_len, ...observation.shape] : [...observation.shape];
  return { net, roles: [...netPlan.roles], inputShape };
}
