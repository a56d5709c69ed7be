/**
 * The Trainer's policy export and import: which nets and which training state go into the policy
 * file, and the checked, all-or-nothing restore. Acting nets are always saved; target nets,
 * optimizer slots and step counts, lr scheduler positions, the algorithm's and the Trainer's
 * counters and the random stream's position only with the training state. Replay memories are
 * never saved: a resumed agent refills its memory before its updates look like the original's.
 */
import type { Algorithm, AlgorithmContext } from '../algorithm/algorithm';
import { actingNets, targetNets } from '../algorithm/training_state';
import type { ResolvedSpec } from '../spec/types';
import { planWeights, policyArtifacts, savedOptimizerStates, type PolicyContents, type PolicyTrainingSource } from '../store/policy_artifact';
import { encodePolicyFile } from '../store/policy_file';
import type { ObservationPipeline } from '../store/policy_manifest';
import type { SavedTrainerCounters } from '../store/training_manifest';
import { ShapeError } from '../util/errors';
import type { TrainerLayout } from './trainer_checks';

/** What of a Trainer's session its policy is made from. */
export interface PolicyHost {
  spec: ResolvedSpec;
  layout: TrainerLayout;
  context: AlgorithmContext;
  algorithm: Algorithm;
  actionNames: readonly string[] | null;
  pipeline: ObservationPipeline | null;
}

/** What an import will do once committed. */
export interface ImportPlan {
  /** Assigns every weight and restores the training state; cannot fail. */
  commit: () => void;
  /** The Trainer's counters to take over, or null to keep its own. */
  counters: SavedTrainerCounters | null;
  /** True when the training state was restored (not only weights). */
  restored: boolean;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The policy file's bytes; with `training`, the training state too. */
export async function exportTrainerPolicy(host: PolicyHost, counters: SavedTrainerCounters, training: boolean): Promise<Uint8Array> {
  const { algorithm, layout, context } = host;
  let state: PolicyTrainingSource | null = null;
  if (training) {
    const a = algorithm.trainingState ? await algorithm.trainingState() : { counters: {}, optimizers: [], schedulers: [] };
    state = {
      algorithm: host.spec.agent.algorithm.name,
      ...a,
      trainer: { ...counters },
      rng: context.rng.getState(),
      targetNets: targetNets(algorithm),
    };
  }
  const artifacts = await policyArtifacts({
    spec: host.spec,
    observation: { shape: [...layout.obsShape], dtype: layout.obsDtype, frameStack: context.frameStack, pipeline: host.pipeline },
    actionSpace: layout.actionSpace,
    actionNames: host.actionNames,
    frames: counters.frame,
    nets: actingNets(algorithm),
    training: state,
  });
  return encodePolicyFile(artifacts);
}

/**
 * Checks a verified policy against the host (spaces: ShapeError naming both; every weight and,
 * in 'train' mode, the training state: ShapeError) and returns the plan that applies it. Without
 * a training state (or in 'inference' mode) target nets copy the net they follow, as a new agent's.
 */
export function planTrainerImport(host: PolicyHost, contents: PolicyContents, mode: 'train' | 'inference', where: string): ImportPlan {
  const { algorithm, layout, context } = host;
  const saved = contents.manifest;
  const mine = { shape: [...layout.obsShape], dtype: layout.obsDtype, frameStack: context.frameStack };
  const theirs = { shape: saved.observation.shape, dtype: saved.observation.dtype, frameStack: saved.observation.frameStack };
  if (!same(mine, theirs)) throw new ShapeError(`${where}: the policy observes ${JSON.stringify(theirs)}, this Trainer ${JSON.stringify(mine)}`);
  if (!same(saved.actionSpace, layout.actionSpace)) {
    throw new ShapeError(`${where}: the policy acts in ${JSON.stringify(saved.actionSpace)}, this Trainer in ${JSON.stringify(layout.actionSpace)}`);
  }
  const steps: (() => void)[] = [planWeights(actingNets(algorithm), contents, where, { from: 'acting' })];
  const targets = targetNets(algorithm);
  const training = mode === 'train' ? saved.training : null;
  if (training === null) {
    const follows = algorithm.targetNets ?? new Map<string, string>();
    steps.push(planWeights(targets, contents, where, { from: 'acting', entryNet: (n) => follows.get(n)!, exact: false }));
    return { commit: () => steps.forEach((s) => s()), counters: null, restored: false };
  }
  const name = host.spec.agent.algorithm.name;
  if (training.algorithm !== name) throw new ShapeError(`${where}: the training state is ${training.algorithm}'s, this Trainer runs ${name}`);
  steps.push(planWeights(targets, contents, where, { from: 'target' }));
  if (algorithm.planTrainingState) {
    const state = { counters: training.counters, optimizers: savedOptimizerStates(contents), schedulers: training.schedulers };
    steps.push(algorithm.planTrainingState(state, where));
  } else if (training.optimizers.length > 0) {
    throw new ShapeError(`${where}: the policy has optimizer state but this Trainer's ${name} cannot restore training state`);
  }
  const rng = training.rng;
  if (rng !== null) steps.push(() => context.rng.setState(rng));
  // Saved by the CLI: no Trainer counters, but frames must go on from where training stopped.
  const counters = training.trainer ?? { acts: 0, steps: 0, frame: saved.frames, trainRounds: 0, updates: 0, skipped: 0, lastLoss: null };
  return { commit: () => steps.forEach((s) => s()), counters, restored: true };
}
