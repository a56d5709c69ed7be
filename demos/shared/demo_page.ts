/**
 * The life of a demo page, the same for every demo: start the game around the demo's scene,
 * create the agent from the demo's spec in a worker, attach it, drive the dashboard, and handle
 * the page's controls (speed; train/greedy mode where the page has one; Reset re-creates the agent).
 * If the worker dies the game keeps running: the page says so and restarts it from the last Save.
 * `window.pixelpilotDemo` gives the game and the agent playing now (for the console and the page tests).
 */
import type * as Phaser from 'phaser';
import { createAgent, type Agent, type AgentMode, type Attachment, type EpisodeInfo, type PixelObservationOptions } from 'pixelpilot';
import { describeError, fetchSpec, requestedBackend, startGame } from './bootstrap';
import { mountDashboard } from './dashboard';
import { GameStepper } from './game_stepper';
import type { RulesScene } from './rules_scene';

/** What a page exposes as `window.pixelpilotDemo`. */
export interface DemoHandle {
  agent: () => Agent | null;
  attachment: () => Attachment | null;
  game: Phaser.Game;
}

/** What a demo page is made of. */
export interface DemoPage<S extends RulesScene> {
  scene: S;
  /** Canvas size in pixels. */
  width: number;
  height: number;
  /** The agent's spec, in demos/specs/. */
  specFile: string;
  actions: readonly string[];
  observation: PixelObservationOptions;
  /** Attaches `agent` to the scene in `mode`, at the start of a new episode. */
  attach: (agent: Agent, mode: AgentMode) => Attachment;
  /** The dashboard's score of a finished episode. */
  score: (episode: EpisodeInfo) => number;
  title: string;
  scoreLabel: string;
  storageKey: string;
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el;
}

/** Runs the page; a failure to start is shown on the page. */
export function runDemoPage<S extends RulesScene>(page: DemoPage<S>): void {
  run(page).catch((e: unknown) => {
    console.error(e);
    const note = document.createElement('pre');
    note.textContent = `The demo stopped: ${describeError(e)}`;
    document.body.append(note);
  });
}

async function run<S extends RulesScene>(page: DemoPage<S>): Promise<void> {
  const { scene } = page;
  const game = await startGame({ parent: element('game'), width: page.width, height: page.height, scene });
  const spec = await fetchSpec(page.specFile);

  let agent: Agent | null = null;
  let attachment: Attachment | null = null;
  let mode: AgentMode = 'train';
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());
  const learning = (a: Agent): string => `${mode === 'train' ? 'learning' : 'playing'} on ${a.backend}`;

  const reattach = (): void => {
    attachment?.detach();
    attachment = agent === null ? null : page.attach(agent, mode);
  };

  /** (Re)creates the agent and attaches it at the start of a new episode. */
  const start = async (): Promise<void> => {
    attachment?.detach();
    attachment = null;
    const old = agent;
    agent = null;
    await old?.dispose();
    dashboard.setStatus('starting the agent…');
    const fresh = await createAgent(spec, {
      actions: page.actions,
      observation: page.observation,
      backend: requestedBackend('wasm'),
    });
    fresh.on('episode', (e) => dashboard.recordEpisode(e.return, page.score(e)));
    fresh.on('error', (e) => dashboard.setStatus(`error: ${describeError(e)}`));
    fresh.on('worker-error', (e) => {
      dashboard.setStatus(`the worker stopped (${e.message}); restarting from ${fresh.lastPolicy ?? 'fresh weights'}…`);
      fresh.restart().then(
        ({ from }) => dashboard.setStatus(`${learning(fresh)} again (restarted from ${from ?? 'fresh weights'})`),
        (err: unknown) => dashboard.setStatus(`could not restart the worker: ${describeError(err)}`),
      );
    });
    agent = fresh;
    reattach();
    const tried = fresh.backendAttempts.map((a) => `${a.backend} failed: ${a.reason}`).join('; ');
    dashboard.setStatus(`${learning(fresh)}${tried === '' ? '' : ` (${tried})`}`);
  };

  const dashboard = mountDashboard({
    root: element('dashboard'),
    title: page.title,
    scoreLabel: page.scoreLabel,
    storageKey: page.storageKey,
    getAgent: () => agent,
    onReset: start,
  });
  (window as unknown as { pixelpilotDemo: DemoHandle }).pixelpilotDemo = { agent: () => agent, attachment: () => attachment, game };
  const speed = document.getElementById('speed') as HTMLSelectElement | null;
  speed?.addEventListener('change', () => stepper.setSpeed(Number(speed.value)));
  const modeSelect = document.getElementById('mode') as HTMLSelectElement | null;
  modeSelect?.addEventListener('change', () => {
    mode = modeSelect.value === 'inference' ? 'inference' : 'train';
    reattach();
    dashboard.setStatus(mode === 'train' ? 'learning' : 'playing greedily (not learning)');
  });
  try {
    await start();
  } catch (e) {
    dashboard.setStatus(`could not start the agent: ${describeError(e)}`);
    throw e;
  }
}
