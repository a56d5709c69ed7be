/**
 * A demo page's "Train fast" control: trains a new agent on N hidden copies of the demo's own scene
 * through its training entry (demos/<name>/training.ts) with `trainGame`, stepped by hand as fast as
 * the trainer allows, while the dashboard shows its episodes, curve and steps/s live; then hands
 * back the policy file's bytes, which the page loads into a 1-player agent for the visible game.
 * `trainGame` yields to the page every ~50 ms, so the page stays responsive.
 */
import * as Phaser from 'phaser';
import { createAgent, trainGame, type Agent, type EpisodeInfo, type TrainingEntry } from 'pixelpilot';
import type { BackendChoice } from './bootstrap';
import type { Dashboard } from './dashboard';

/** The copies a visitor can choose. */
const COPIES = [1, 4, 8, 16];

/** What one fast training needs. */
export interface FastTraining<S extends object> {
  /** The demo's training entry (the default export of demos/<name>/training.ts). */
  entry: TrainingEntry<S>;
  /** The spec text (as createAgent takes it). */
  spec: string;
  backend: BackendChoice;
  copies: number;
  /** Agent steps over all copies. */
  steps: number;
  dashboard: Dashboard;
  /** The dashboard's score of an episode. */
  score: (episode: EpisodeInfo) => number;
  /** Called with the agent being trained, once it exists (the dashboard follows it for steps/s). */
  training: (agent: Agent | null) => void;
}

/** What a fast training gives the page. */
export interface FastTrainingResult {
  /** The trained policy file, with its training state (agent.exportPolicy). */
  policy: Uint8Array;
  /** Agent steps trained, over all copies. */
  steps: number;
  seconds: number;
  decisionsPerSecond: number;
  /** Mean return of the last 100 episodes. */
  returnMean100: number;
}

/** Trains a new agent on `copies` copies for `steps` agent steps; the trained agent is disposed once its policy is exported. */
export async function trainFast<S extends object>(t: FastTraining<S>): Promise<FastTrainingResult> {
  const { entry } = t;
  const agent = await createAgent(t.spec, {
    actions: entry.actions,
    ...(entry.observation === undefined ? {} : { observation: entry.observation }),
    backend: t.backend,
    players: t.copies,
  });
  t.training(agent);
  try {
    const r = await trainGame(entry, t.spec, {
      agent,
      envs: t.copies,
      steps: t.steps,
      phaser: Phaser,
      onEpisode: (e, frame) => t.dashboard.recordEpisode(e.return, t.score(e), frame),
    });
    return { policy: await agent.exportPolicy(), steps: r.steps, seconds: r.seconds, decisionsPerSecond: r.decisionsPerSecond, returnMean100: r.returnMean100 };
  } finally {
    t.training(null);
    await agent.dispose();
  }
}

/** The control's elements (`data-action` attributes for tests): copies, agent steps, the button. */
export interface FastTrainControl {
  /** Disables the control (while the page is busy) or enables it again. */
  setBusy(busy: boolean): void;
}

/**
 * Adds the control to `parent`: a copies choice (1/4/8/16, default `copies`), an agent steps box
 * (default `steps`) and a "Train fast" button that calls `onTrain(copies, steps)`.
 */
export function mountFastTrain(parent: HTMLElement, defaults: { copies: number; steps: number }, onTrain: (copies: number, steps: number) => void): FastTrainControl {
  const wrap = document.createElement('span');
  wrap.className = 'demo-fast';
  const copies = document.createElement('select');
  copies.dataset.action = 'fast-copies';
  for (const n of COPIES) copies.add(new Option(`${n}`, String(n), n === defaults.copies, n === defaults.copies));
  const steps = document.createElement('input');
  Object.assign(steps, { type: 'number', min: '100', step: '1000', value: String(defaults.steps) });
  steps.dataset.action = 'fast-steps';
  steps.style.width = '6em';
  const button = document.createElement('button');
  button.dataset.action = 'train-fast';
  button.textContent = 'Train fast';
  button.title = 'Train a new agent on hidden copies of this game, stepped as fast as training allows, then play it here';
  const label = (text: string, el: HTMLElement): HTMLLabelElement => {
    const l = document.createElement('label');
    l.append(`${text} `, el);
    return l;
  };
  wrap.append(' ', label('copies', copies), ' ', label('agent steps', steps), ' ', button);
  parent.append(wrap);
  button.onclick = () => {
    const n = Math.floor(Number(steps.value));
    if (!(n >= 1)) {
      steps.setCustomValidity('a positive number of agent steps');
      steps.reportValidity();
      return;
    }
    steps.setCustomValidity('');
    onTrain(Number(copies.value), n);
  };
  return {
    setBusy(busy: boolean): void {
      for (const el of [copies, steps, button]) el.disabled = busy;
      button.textContent = busy ? 'Training…' : 'Train fast';
    },
  };
}
