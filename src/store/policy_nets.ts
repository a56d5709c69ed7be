/**
 * Every acting net of a verified policy ('net', and 'critic_net' for a separate actor-critic),
 * built as training builds them (the manifest's resolved net spec, inferOutDims' heads) with the
 * saved weights loaded. The exports to PyTorch and ONNX read their weights from these nets, so
 * they see exactly what `loadBot` and `loadAgent` would act with.
 */
import type { ActionSpace } from '../env/env';
import { inferOutDims, type NetPlan } from '../net/heads';
import { buildNet, type Net } from '../net/net';
import { Rng } from '../util/rng';
import { planWeights } from './policy_artifact';
import { decodePolicyFile } from './policy_file';
import { readPolicyArtifacts, type PolicyContents, type ReadPolicyOptions } from './policy_read';

/** The nets by name, with what their heads mean. */
export interface PolicyNets {
  nets: Map<string, Net>;
  plans: NetPlan[];
  /** Frees every net. */
  dispose(): void;
}

/**
 * Builds the policy's acting nets and loads its weights. ShapeError when the weights do not fit
 * (a verified policy's always do), SpecError for a spec this SDK cannot build. The caller
 * disposes the result.
 */
export function buildPolicyNets(contents: PolicyContents, where: string): PolicyNets {
  const { spec, observation, actionSpace } = contents.manifest;
  const plan = inferOutDims(spec.agent.algorithm.name, actionSpace as ActionSpace, spec.agent.net.shared);
  const nets = new Map<string, Net>();
  const dispose = (): void => nets.forEach((n) => n.dispose());
  try {
    // The init stream is irrelevant: every weight is overwritten below.
    for (const p of plan.nets) nets.set(p.name, buildNet(spec.agent.net, { inShape: [...observation.shape], outDims: p.outDims, rng: new Rng(0) }));
    planWeights(nets, contents, where, { from: 'acting' })();
  } catch (error) {
    dispose();
    throw error;
  }
  return { nets, plans: plan.nets, dispose };
}

/** A policy given as a policy file's bytes or as contents already verified. */
export type PolicyData = Uint8Array | ArrayBuffer | PolicyContents;

/** The verified contents of `policy` (a policy file's bytes are decoded and verified first: StorageError when damaged). */
export async function policyContentsOf(policy: PolicyData, where: string, options: ReadPolicyOptions = {}): Promise<PolicyContents> {
  if (policy instanceof Uint8Array || policy instanceof ArrayBuffer) {
    const bytes = policy instanceof Uint8Array ? policy : new Uint8Array(policy);
    return readPolicyArtifacts(decodePolicyFile(bytes, where), where, options);
  }
  return policy;
}
