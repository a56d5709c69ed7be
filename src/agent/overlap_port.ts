/**
 * attach's `overlap: true` (attach_options.ts): the attachment's trainer port while the lagged
 * actor's second worker starts, and after. `attach` returns at once, but a worker takes a while to
 * start, so calls made meanwhile wait for it, in their order (the first decisions wait, as they
 * would for a slow trainer); then every call goes to the LaggedActor (lagged_actor.ts). Where none
 * could be started (DQN, a recurrent net, a worker that failed to start) they go to the agent's
 * own worker instead, and `onFallback` is told why.
 */
import type { ActionBatch, StepBatch, TrainReport } from '../algorithm/algorithm';
import type { TrainerPort } from '../attach/decision_loop';
import type { ActOptions } from '../worker/trainer_types';
import type { LaggedActor } from './lagged_actor';

type Obs = Uint8Array | Float32Array;

/** A TrainerPort that is a lagged actor once one has started (see the file comment). */
export class OverlapPort implements TrainerPort {
  private port: Promise<TrainerPort> | null = null;
  /** The port once every call made while it started has been passed on: later calls go straight to it. */
  private direct: TrainerPort | null = null;
  /** Calls made before `direct`, not yet passed on. */
  private queued = 0;
  private actor: LaggedActor | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly startActor: () => Promise<LaggedActor | string>,
    private readonly fallback: TrainerPort,
    private readonly onFallback: (reason: string) => void,
  ) {}

  /** Starts the actor's worker (once; nothing starts before, so an attach that throws starts none). */
  begin(): void {
    this.port ??= this.startActor().then(
      (a) => {
        if (typeof a === 'string') return this.fallBack(a);
        if (this.closing !== null) {
          void a.close();
          return this.fallback;
        }
        this.actor = a;
        return a;
      },
      (e: unknown) => this.fallBack(e instanceof Error ? e.message : String(e)),
    );
  }

  act(obs: Obs, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch> {
    return this.call((p) => p.act(obs, masks, options));
  }

  observe(step: StepBatch, frame: number): Promise<TrainReport | null> {
    return this.call((p) => p.observe(step, frame));
  }

  /** Ends the actor (after the learner stored every step sent to it); an actor that starts later is ended at once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.port !== null) await this.port;
      await this.actor?.close();
    })();
    return this.closing;
  }

  /**
   * Passes a call on in the order calls were made. Once started, synchronously (a step sent before
   * a call made straight to the agent's worker, say a save after detach, reaches that worker first,
   * as it does without overlap); before, after the start and the calls queued before it.
   */
  private call<T>(fn: (port: TrainerPort) => Promise<T>): Promise<T> {
    if (this.direct !== null) return fn(this.direct);
    this.begin();
    this.queued++;
    return this.port!.then((p) => {
      if (--this.queued === 0) this.direct = p;
      return fn(p);
    });
  }

  private fallBack(reason: string): TrainerPort {
    // Closed meanwhile (detach, dispose): nothing acts on it any more, so there is nothing to tell.
    if (this.closing === null) this.onFallback(reason);
    return this.fallback;
  }
}
