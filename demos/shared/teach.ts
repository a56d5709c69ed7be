/**
 * A demo page's "Teach it" control: the visitor plays the visible game with the keyboard for a
 * while (a minute by default) while a new agent records it (`agent.record` with the agent's own
 * keys map: docs/demonstrations.md); then the agent clones what it was shown
 * (`agent.learnFromDemonstrations`: pre-training on the recording alone) and the page attaches it
 * to learn on from there (DQfD keeps the recording beside its own experience). The dashboard's
 * curve shows the visitor's episodes, then a mark where cloning ended and RL began, then the agent's.
 */
import type { Agent, EpisodeInfo, Recording } from 'pixelpilot';
import type { Dashboard } from './dashboard';

/**
 * Optimizer steps of cloning before RL: twice the spec key demo_pretrain_steps' default, since a
 * person's half minute of play is few and uneven steps (with 1,000, greedy catches right after
 * cloning ranged 74-92% over three runs of the same scripted player).
 */
export const TEACH_PRETRAIN_STEPS = 2000;

/** Where a teaching is, for the page's handle (tests read it). */
export interface TeachState {
  phase: 'recording' | 'cloning' | 'learning';
  /** Decisions recorded, episodes the visitor finished, and their returns. */
  steps: number;
  episodes: number;
  returns: number[];
  /** Cloning: optimizer steps done, and the imitation loss at the end. */
  pretrained: number;
  demoLoss: number | null;
  /** The agent step where cloning ended and RL began (the curve's mark); null before. */
  markStep: number | null;
}

/** What one teaching needs of the page. */
export interface Teaching {
  /** A new agent, not attached. */
  agent: Agent;
  /** Starts recording the visible game with the agent (its keys map, the game's callbacks). */
  record: (agent: Agent) => Recording;
  seconds: number;
  /** A line on how to play, e.g. 'move the basket with ← and →'. */
  hint: string;
  dashboard: Dashboard;
  score: (episode: EpisodeInfo) => number;
  /** True once the visitor pressed Done (the recording stops early). */
  done: () => boolean;
  /** The state, updated as it goes. */
  state: TeachState;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Records for `t.seconds` (or until Done), then clones; resolves with the agent step RL starts at. */
export async function teach(t: Teaching): Promise<number> {
  const { dashboard, state } = t;
  const recording = t.record(t.agent);
  const started = performance.now();
  let shown = 0;
  try {
    for (;;) {
      const left = t.seconds - (performance.now() - started) / 1000;
      // The visitor's episodes on the curve as they end (at the decisions recorded so far).
      const returns = recording.returns;
      for (; shown < returns.length; shown++) {
        const ret = returns[shown]!;
        dashboard.recordEpisode(ret, t.score({ episode: shown + 1, player: 0, return: ret, steps: 0, frames: 0, truncated: false }), recording.steps);
      }
      Object.assign(state, { steps: recording.steps, episodes: returns.length, returns: [...returns] });
      if (left <= 0 || t.done() || recording.stopped) break;
      dashboard.setStatus(`teach it: ${t.hint}; ${Math.ceil(left)} s left, ${recording.steps} decisions recorded`);
      await sleep(200);
    }
  } finally {
    recording.stop();
  }
  const bytes = await recording.toBytes();
  state.phase = 'cloning';
  state.steps = recording.steps;
  dashboard.setStatus(`cloning ${recording.steps} recorded decisions…`);
  const r = await t.agent.learnFromDemonstrations(bytes, {
    pretrainSteps: TEACH_PRETRAIN_STEPS,
    onPretrain: (done, total) => {
      state.pretrained = done;
      dashboard.setStatus(`cloning ${recording.steps} recorded decisions: ${done} of ${total} steps`);
    },
  });
  state.demoLoss = r.report?.extra['demo_loss'] ?? null;
  state.markStep = recording.steps;
  dashboard.mark(recording.steps, 'cloned; RL from here');
  state.phase = 'learning';
  return recording.steps;
}

/** The control's elements (`data-action` attributes for tests): seconds, the button. */
export interface TeachControl {
  setBusy(busy: boolean): void;
  /** While teaching: the button reads Done and ends the recording early. */
  setTeaching(teaching: boolean): void;
}

/** Adds a seconds box and a "Teach it" button (Done while recording) to `parent`. */
export function mountTeach(parent: HTMLElement, seconds: number, onTeach: (seconds: number) => void, onDone: () => void): TeachControl {
  const wrap = document.createElement('span');
  wrap.className = 'demo-teach';
  const box = document.createElement('input');
  Object.assign(box, { type: 'number', min: '5', step: '5', value: String(seconds) });
  box.dataset.action = 'teach-seconds';
  box.style.width = '4em';
  const button = document.createElement('button');
  button.dataset.action = 'teach';
  button.textContent = 'Teach it';
  button.title = 'Play with the keyboard; then a new agent clones your play and learns on from there';
  let teaching = false;
  const label = document.createElement('label');
  label.append(box, ' s ');
  wrap.append(' ', label, button);
  parent.append(wrap);
  button.onclick = () => {
    if (teaching) return onDone();
    const s = Math.floor(Number(box.value));
    if (!(s >= 1)) {
      box.setCustomValidity('a positive number of seconds');
      box.reportValidity();
      return;
    }
    box.setCustomValidity('');
    onTeach(s);
  };
  return {
    setBusy(busy: boolean): void {
      box.disabled = busy;
      button.disabled = busy && !teaching;
    },
    setTeaching(on: boolean): void {
      teaching = on;
      button.textContent = on ? 'Done' : 'Teach it';
      button.disabled = false;
    },
  };
}
