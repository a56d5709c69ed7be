/**
 * The catch demo page: the CatchScene on a 400x400 WebGL canvas, a DoubleDQN ConvNet agent
 * (demos/specs/dqn_catch_pixels.json) attached to it that learns from the canvas shrunk to 10x10
 * gray pixels, and the dashboard. Reset disposes the agent and starts a fresh one; a worker that
 * dies is restarted from the last saved policy while the game plays on.
 */
import type { Agent, Attachment } from '../../src/agent/agent';
import { createAgent } from '../../src/agent/create_agent';
import { describeError, fetchSpec, requestedBackend, startGame, WASM_PATHS, WORKER_URL } from '../shared/bootstrap';
import { mountDashboard } from '../shared/dashboard';
import { GameStepper } from '../shared/game_stepper';
import { CATCH_ACTIONS, CatchScene } from './catch_scene';

async function main(): Promise<void> {
  const element = (id: string): HTMLElement => {
    const el = document.getElementById(id);
    if (el === null) throw new Error(`the page has no #${id}`);
    return el;
  };
  // The fruit falls a row every 5 frames (12 decisions a second in real time): see CatchScene's defaults.
  // The fruit's columns differ from one visit to the next; the agent's initial weights do not (the spec's seed).
  const scene = new CatchScene({ seed: Date.now() % 2 ** 31 });
  const game = await startGame({ parent: element('game'), width: scene.pixels, height: scene.pixels, scene });
  const spec = await fetchSpec('dqn_catch_pixels.json');

  let agent: Agent | null = null;
  let attachment: Attachment | null = null;
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());

  /** (Re)creates the agent and attaches it at the start of a new episode. */
  const start = async (): Promise<void> => {
    attachment?.detach();
    attachment = null;
    const old = agent;
    agent = null;
    await old?.dispose();
    dashboard.setStatus('starting the agent…');
    const fresh = await createAgent(spec, {
      actions: CATCH_ACTIONS,
      observation: { width: scene.size, height: scene.size, grayscale: true },
      backend: requestedBackend('wasm'),
      workerUrl: WORKER_URL,
      wasmPaths: WASM_PATHS,
    });
    fresh.on('episode', (e) => dashboard.recordEpisode(e.return, e.return > 0 ? 1 : 0));
    // The game never stops for the worker: if it dies, say so and start a new one from the last Save.
    fresh.on('worker-error', (e) => {
      dashboard.setStatus(`the worker stopped (${e.message}); restarting from ${fresh.lastPolicy ?? 'fresh weights'}…`);
      fresh.restart().then(
        ({ from }) => dashboard.setStatus(`learning on ${fresh.backend} again (restarted from ${from ?? 'fresh weights'})`),
        (err: unknown) => dashboard.setStatus(`could not restart the worker: ${describeError(err)}`),
      );
    });
    scene.restartEpisode();
    attachment = fresh.attach(scene, { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow });
    agent = fresh;
    const tried = fresh.backendAttempts.map((a) => `${a.backend} failed: ${a.reason}`).join('; ');
    dashboard.setStatus(`learning on ${fresh.backend}${tried === '' ? '' : ` (${tried})`}`);
  };

  const dashboard = mountDashboard({
    root: element('dashboard'),
    title: 'Catch — DoubleDQN ConvNet',
    scoreLabel: 'catches per episode',
    storageKey: 'indexeddb://demo-catch',
    getAgent: () => agent,
    onReset: start,
  });
  // For the console (and the page test): the agent playing now.
  (window as unknown as { pixelpilotDemo: { agent: () => Agent | null } }).pixelpilotDemo = { agent: () => agent };
  const speed = document.getElementById('speed') as HTMLSelectElement | null;
  speed?.addEventListener('change', () => stepper.setSpeed(Number(speed.value)));
  try {
    await start();
  } catch (e) {
    dashboard.setStatus(`could not start the agent: ${describeError(e)}`);
    throw e;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  const note = document.createElement('pre');
  note.textContent = `The demo stopped: ${describeError(e)}`;
  document.body.append(note);
});
