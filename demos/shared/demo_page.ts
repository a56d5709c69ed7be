/**
 * The life of a demo page, the same for every demo: start the game around the demo's scene,
 * create the agent from the demo's spec in a worker, attach it, drive the dashboard, and handle
 * the page's controls (speed; train/greedy mode where the page has one; Reset re-creates the agent;
 * Train fast trains a new agent on hidden copies of the scene, see fast_train.ts, then plays it
 * greedily here). If the worker dies the game keeps running: the page says so and restarts it from
 * the last Save. `window.pixelpilotDemo` gives the game, the agent playing now and the learning
 * curve's points (for the console and the page tests).
 */
import type * as Phaser from 'phaser';
import { createAgent, loadAgent, type Agent, type AgentMode, type Attachment, type EpisodeInfo, type PixelObservationOptions, type Recording, type TrainingEntry } from 'pixelpilot';
import { describeError, fetchSpec, requestedBackend, startGame } from './bootstrap';
import { mountDashboard } from './dashboard';
import { mountFastTrain, trainFast } from './fast_train';
import { GameStepper } from './game_stepper';
import type { CurvePoint } from './learning_curve';
import type { RulesScene } from './rules_scene';
import { mountTeach, teach, type TeachState } from './teach';

/** What a page exposes as `window.pixelpilotDemo`. */
export interface DemoHandle {
  agent: () => Agent | null;
  attachment: () => Attachment | null;
  game: Phaser.Game;
  /** The learning curve as last drawn: each episode's agent step, return and moving average. */
  curve: () => readonly CurvePoint[];
  /** The last "Teach it" (recording, cloning, learning), or null. */
  teaching: () => TeachState | null;
}

/** What a demo page is made of. */
export interface DemoPage<S extends RulesScene, T extends object> {
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
  /** The dashboard's score of a finished episode (of the visible game or of a fast-trained copy). */
  score: (episode: EpisodeInfo) => number;
  /** The demo's training entry (demos/<name>/training.ts), for Train fast; its scene is the demo's own. */
  training: TrainingEntry<T>;
  /** Train fast's default agent steps over all copies (8 copies by default). */
  fastSteps: number;
  title: string;
  scoreLabel: string;
  storageKey: string;
  /** "Teach it": how the page records the visitor's play with an agent (its keys map), a hint, the default seconds. */
  teach?: { record: (agent: Agent) => Recording; hint: string; seconds: number };
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el;
}

/** Runs the page; a failure to start is shown on the page. */
export function runDemoPage<S extends RulesScene, T extends object>(page: DemoPage<S, T>): void {
  run(page).catch((e: unknown) => {
    console.error(e);
    const note = document.createElement('pre');
    note.textContent = `The demo stopped: ${describeError(e)}`;
    document.body.append(note);
  });
}

async function run<S extends RulesScene, T extends object>(page: DemoPage<S, T>): Promise<void> {
  const { scene } = page;
  const game = await startGame({ parent: element('game'), width: page.width, height: page.height, scene });
  const spec = await fetchSpec(page.specFile);

  let agent: Agent | null = null;
  /** The agent Train fast is training (the dashboard follows it for steps/s), or null. */
  let fast: Agent | null = null;
  let attachment: Attachment | null = null;
  let mode: AgentMode = 'train';
  /** Agent steps on the learning curve's x axis: the fast training's, then the visible game's decisions. */
  let steps = 0;
  const backend = requestedBackend('wasm');
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());
  const learning = (a: Agent): string => `${mode === 'train' ? 'learning' : 'playing greedily'} on ${a.backend}`;

  const reattach = (): void => {
    attachment?.detach();
    attachment = agent === null ? null : page.attach(agent, mode);
  };

  /** Detaches and disposes the agent playing now. */
  const drop = async (): Promise<void> => {
    attachment?.detach();
    attachment = null;
    const old = agent;
    agent = null;
    await old?.dispose();
  };

  /** Makes `fresh` the agent of the visible game: reports its episodes and worker failures, attaches it at the start of a new episode. */
  const adopt = (fresh: Agent): void => {
    fresh.on('episode', (e) => dashboard.recordEpisode(e.return, page.score(e), (steps += e.steps)));
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
  };

  /** (Re)creates the agent and attaches it at the start of a new episode. */
  const start = async (): Promise<void> => {
    await drop();
    steps = 0;
    dashboard.setStatus('starting the agent…');
    const fresh = await createAgent(spec, { actions: page.actions, observation: page.observation, backend });
    adopt(fresh);
    const tried = fresh.backendAttempts.map((a) => `${a.backend} failed: ${a.reason}`).join('; ');
    dashboard.setStatus(`${learning(fresh)}${tried === '' ? '' : ` (${tried})`}`);
  };

  const dashboard = mountDashboard({
    root: element('dashboard'),
    title: page.title,
    scoreLabel: page.scoreLabel,
    storageKey: page.storageKey,
    getAgent: () => fast ?? agent,
    onReset: start,
  });
  let teaching: TeachState | null = null;
  (window as unknown as { pixelpilotDemo: DemoHandle }).pixelpilotDemo = { agent: () => agent, attachment: () => attachment, game, curve: () => dashboard.curve(), teaching: () => teaching };
  const speed = document.getElementById('speed') as HTMLSelectElement | null;
  speed?.addEventListener('change', () => stepper.setSpeed(Number(speed.value)));
  const modeSelect = document.getElementById('mode') as HTMLSelectElement | null;
  modeSelect?.addEventListener('change', () => {
    mode = modeSelect.value === 'inference' ? 'inference' : 'train';
    reattach();
    dashboard.setStatus(mode === 'train' ? 'learning' : 'playing greedily (not learning)');
  });

  /** Train fast: a new agent trained on hidden copies (the visible game waits), then played greedily here. */
  const control = mountFastTrain(document.querySelector<HTMLElement>('.demo-controls') ?? element('game'), { copies: 8, steps: page.fastSteps }, (copies, total) => {
    control.setBusy(true);
    dashboard.setBusy(true);
    void (async () => {
      try {
        await drop();
        stepper.pause();
        dashboard.clear();
        steps = 0;
        dashboard.setStatus(`training fast on ${copies} hidden ${copies === 1 ? 'copy' : 'copies'} of the game…`);
        const r = await trainFast({ entry: page.training, spec, backend, copies, steps: total, dashboard, score: page.score, training: (a) => (fast = a) });
        steps = r.steps;
        const fresh = await loadAgent(r.policy, { players: 1, observation: page.observation, actions: page.actions, backend });
        mode = 'inference';
        if (modeSelect !== null) modeSelect.value = mode;
        adopt(fresh);
        dashboard.setStatus(`trained ${r.steps} agent steps on ${copies} ${copies === 1 ? 'copy' : 'copies'} in ${r.seconds.toFixed(1)} s ` +
          `(${r.decisionsPerSecond.toFixed(0)} steps/s, mean return ${r.returnMean100.toFixed(2)}); ${learning(fresh)}`);
      } catch (e) {
        console.error(e);
        dashboard.setStatus(`training fast failed: ${describeError(e)}`);
      } finally {
        stepper.setSpeed(Number(speed?.value ?? 1));
        control.setBusy(false);
        dashboard.setBusy(false);
      }
    })();
  });

  /** Teach it: the visitor plays (recorded by a new agent), the agent clones it, then learns on (the curve marks where). */
  const taught = page.teach;
  if (taught !== undefined) {
    let doneAsked = false;
    const teachControl = mountTeach(document.querySelector<HTMLElement>('.demo-controls') ?? element('game'), taught.seconds, (seconds) => {
      doneAsked = false;
      control.setBusy(true);
      dashboard.setBusy(true);
      teachControl.setTeaching(true);
      void (async () => {
        try {
          await drop();
          stepper.setSpeed(1); // people play in real time
          if (speed !== null) speed.value = '1';
          dashboard.clear();
          steps = 0;
          const fresh = await createAgent(spec, { actions: page.actions, observation: page.observation, backend });
          teaching = { phase: 'recording', steps: 0, episodes: 0, returns: [], pretrained: 0, demoLoss: null, markStep: null };
          const state = teaching;
          try {
            steps = await teach({ agent: fresh, record: taught.record, seconds, hint: taught.hint, dashboard, score: page.score, done: () => doneAsked, state });
          } catch (e) {
            await fresh.dispose();
            throw e;
          } finally {
            teachControl.setTeaching(false);
          }
          adopt(fresh);
          dashboard.setStatus(`cloned ${state.steps} decisions of your play (demo_loss ${state.demoLoss?.toFixed(3) ?? '-'}); ${learning(fresh)} from there`);
        } catch (e) {
          console.error(e);
          dashboard.setStatus(`teaching failed: ${describeError(e)}`);
        } finally {
          control.setBusy(false);
          dashboard.setBusy(false);
        }
      })();
    }, () => (doneAsked = true));
  }

  try {
    await start();
  } catch (e) {
    dashboard.setStatus(`could not start the agent: ${describeError(e)}`);
    throw e;
  }
}
