/**
 * Acting beside training. An on-policy agent (PPO, A2C) trains in rounds, and while its worker
 * runs one, nothing acts: the game waits. A LaggedActor lets the game go on meanwhile: a second
 * worker (the actor) chooses the actions on a copy of the weights, and the agent's own worker (the
 * learner) only stores steps and trains. The actor's weights are one round behind: right before
 * the step that starts round r+1 is sent, the learner is asked for its weights (after round r)
 * and the actor takes them; every action after that step waits until it has. So the rollout of
 * round r+1 is collected on the weights before round r while round r trains, as an asynchronous
 * PPO's actors are (Sample Factory's policy lag of one), and the game waits only when a round takes
 * longer than collecting the next. Where each copy happens is fixed by the step count, never by
 * timing, so a run is as reproducible as before.
 *
 * It is a TrainerPort (decision_loop.ts): `observe` hands the step to the learner and resolves at
 * once (the loop must not wait for a round); the rounds' reports and any failure go to the handlers.
 */
import type { ActionBatch, RoundSchedule, StepBatch, TrainReport } from '../algorithm/algorithm';
import type { TrainerPort } from '../attach/decision_loop';
import type { TrainerTiming } from '../worker/trainer_timing';
import type { ActOptions, ExportPolicyOptions, ImportPolicyOptions } from '../worker/trainer_types';

type Obs = Uint8Array | Float32Array;

/** What the lagged actor needs of the learner (the agent's own TrainerClient). */
export interface LearnerPort {
  observe(step: StepBatch, frame: number): Promise<TrainReport | null>;
  exportPolicy(options: ExportPolicyOptions): Promise<Uint8Array>;
}

/** What it needs of the actor (a second TrainerClient, initialised like the learner). */
export interface ActorPort {
  act(obs: Obs, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch>;
  importPolicy(bytes: Uint8Array, options: ImportPolicyOptions): Promise<unknown>;
  timing(): Promise<TrainerTiming>;
  /** Frees the actor's tensors (its worker keeps running). */
  dispose(): Promise<void>;
  /** Ends the actor's worker. */
  terminate(): void;
}

/** Where the learner's rounds and failures are reported (the Agent's handlers). */
export interface LaggedActorHandlers {
  /** A training round ran; `step` is the step clock of the step that started it. */
  onTrain(report: TrainReport, step: number): void;
  /** A call to the learner or the actor failed. */
  onError(error: unknown): void;
}

/** Acts on the actor with weights one round behind the learner's (see the file comment). */
export class LaggedActor implements TrainerPort {
  /** Observe calls until the one that starts the learner's next round (1: the next call). */
  private untilRound: number;
  private readonly every: number;
  /** The actor's latest copy of the learner's weights (actions wait for it). */
  private weights: Promise<void>;
  /** Steps handed to the learner whose call has not settled. */
  private readonly sent = new Set<Promise<void>>();
  private waited = 0;
  private closing: Promise<TrainerTiming | null> | null = null;

  constructor(
    private readonly learner: LearnerPort,
    private readonly actor: ActorPort,
    schedule: RoundSchedule,
    private readonly handlers: LaggedActorHandlers,
  ) {
    this.untilRound = schedule.next;
    this.every = schedule.every;
    // The learner's weights may not be the ones the actor was built with (a loaded policy).
    this.weights = this.copyWeights('start');
  }

  /** Milliseconds that actions waited for the actor's weights, that is for the learner's rounds. */
  get waitMs(): number {
    return this.waited;
  }

  act(obs: Obs, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch> {
    const asked = performance.now();
    return this.weights.then(() => {
      this.waited += performance.now() - asked;
      return this.actor.act(obs, masks, options);
    });
  }

  observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    if (--this.untilRound === 0) {
      this.untilRound = this.every;
      // Queued in the learner before the step that starts the round: the weights after the round before.
      this.weights = this.copyWeights('round');
    }
    const sent: Promise<void> = this.learner.observe(step, frame).then(
      (report) => {
        if (report !== null) this.handlers.onTrain(report, frame);
      },
      (e) => this.handlers.onError(e),
    ).finally(() => this.sent.delete(sent));
    this.sent.add(sent);
    return Promise.resolve(null);
  }

  /** Resolves once every step handed to the learner has been stored (and its round, if it started one, ran and was reported). */
  async drained(): Promise<void> {
    while (this.sent.size > 0) await Promise.all([...this.sent]);
  }

  /**
   * Waits for the learner (drained), then frees the actor's tensors and ends its worker; resolves
   * with the actor's timing (its acting; null when it failed). Calling it again gives the same promise.
   */
  close(): Promise<TrainerTiming | null> {
    this.closing ??= (async () => {
      try {
        await this.drained();
        const timing = await this.actor.timing().catch(() => null);
        // As Agent.dispose does: a worker that shares its engine (a test's) would keep them.
        await this.actor.dispose().catch(() => undefined);
        return timing;
      } finally {
        this.actor.terminate();
      }
    })();
    return this.closing;
  }

  /** Copies the learner's weights to the actor (the learner keeps them too: PPO weighs the rollout they act by them); a failure rejects the actions that wait for it (the loop reports those). */
  private copyWeights(acting: 'start' | 'round'): Promise<void> {
    const copied = this.learner.exportPolicy({ training: false, acting }).then((bytes) => this.actor.importPolicy(bytes, { mode: 'inference' })).then(() => undefined);
    copied.catch(() => undefined); // handled by the actions that wait for it
    return copied;
  }
}
