/**
 * Agent decisions per second, as the dashboard shows them. Two sources, since neither is enough
 * alone: 'train' events carry the agent's step count but stop in inference mode and start only
 * after the first training round; 'episode' events carry each episode's steps but arrive late in
 * long episodes. The count is whichever is ahead; the rate is its slope over the last few seconds.
 */

/** Seconds of history the rate is measured over. */
const SPAN_MS = 5000;

/** A sliding-window rate of agent steps. */
export class StepRate {
  private episodeSteps = 0;
  private firstStep: number | null = null;
  private trainSteps = 0;
  private samples: { t: number; steps: number }[] = [];

  /** Forgets everything (a new agent). */
  restart(): void {
    this.episodeSteps = 0;
    this.firstStep = null;
    this.trainSteps = 0;
    this.samples = [];
  }

  /** An episode of `steps` decisions finished. */
  addEpisodeSteps(steps: number): void {
    this.episodeSteps += steps;
  }

  /** A training round ran at agent step `step` (steps over the agent's life). */
  sawStep(step: number): void {
    // Counted from the first round seen: steps before the dashboard followed the agent are not ours.
    if (this.firstStep === null) this.firstStep = step;
    this.trainSteps = Math.max(this.trainSteps, step - this.firstStep);
  }

  /** Steps per second over the last SPAN_MS up to `now` (ms), or null until a second has passed. */
  perSecond(now: number): number | null {
    const steps = Math.max(this.episodeSteps, this.trainSteps);
    this.samples.push({ t: now, steps });
    while (this.samples.length > 2 && now - this.samples[1]!.t >= SPAN_MS) this.samples.shift();
    const first = this.samples[0]!;
    const dt = now - first.t;
    return dt < 1000 ? null : ((steps - first.steps) * 1000) / dt;
  }
}
