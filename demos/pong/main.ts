/**
 * The pong demo page: the PongScene on a 300x330 WebGL canvas, a PPO agent with AMAGO's
 * NatureishCNN encoder (demos/specs/pong_ppo_natureish.json) attached to it that learns from the
 * field shrunk to 48x48 gray pixels (two frames stacked), and the dashboard. The mode switch lets
 * the agent play greedily (no exploration, no learning) to see what it has learnt; Reset disposes
 * the agent and starts a fresh one.
 */
import type { Agent, Attachment } from '../../src/agent/agent';
import type { AgentMode } from '../../src/agent/agent_options';
import { createAgent } from '../../src/agent/create_agent';
import { describeError, fetchSpec, requestedBackend, startGame, WASM_PATHS, WORKER_URL } from '../shared/bootstrap';
import { mountDashboard } from '../shared/dashboard';
import { GameStepper } from '../shared/game_stepper';
import { attachPong, PONG_SPEC_FILE, pongObservation } from './pong_agent';
import { PONG_ACTIONS, PongScene } from './pong_scene';

async function main(): Promise<void> {
  const element = (id: string): HTMLElement => {
    const el = document.getElementById(id);
    if (el === null) throw new Error(`the page has no #${id}`);
    return el;
  };
  // Serves differ from one visit to the next; the agent's initial weights do not (the spec's seed).
  const scene = new PongScene({ seed: Date.now() % 2 ** 31 });
  const game = await startGame({ parent: element('game'), width: scene.canvasWidth, height: scene.canvasHeight, scene });
  const spec = await fetchSpec(PONG_SPEC_FILE);

  let agent: Agent | null = null;
  let attachment: Attachment | null = null;
  let mode: AgentMode = 'train';
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());

  const reattach = (): void => {
    attachment?.detach();
    attachment = agent === null ? null : attachPong(agent, scene, mode);
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
      actions: PONG_ACTIONS,
      observation: pongObservation(scene),
      backend: requestedBackend('wasm'),
      workerUrl: WORKER_URL,
      wasmPaths: WASM_PATHS,
    });
    // The episode event comes in the frame the ball is missed, before the next serve resets the count.
    fresh.on('episode', (e) => dashboard.recordEpisode(e.return, scene.rules.hits));
    fresh.on('error', (e) => dashboard.setStatus(`error: ${describeError(e)}`));
    fresh.on('worker-error', (e) => dashboard.setStatus(`the worker stopped: ${describeError(e)}`));
    agent = fresh;
    reattach();
    const tried = fresh.backendAttempts.map((a) => `${a.backend} failed: ${a.reason}`).join('; ');
    dashboard.setStatus(`${mode === 'train' ? 'learning' : 'playing'} on ${fresh.backend}${tried === '' ? '' : ` (${tried})`}`);
  };

  const dashboard = mountDashboard({
    root: element('dashboard'),
    title: 'Pong — PPO with NatureishCNN',
    scoreLabel: 'returns per ball',
    storageKey: 'indexeddb://demo-pong',
    getAgent: () => agent,
    onReset: start,
  });
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

main().catch((e: unknown) => {
  console.error(e);
  const note = document.createElement('pre');
  note.textContent = `The demo stopped: ${describeError(e)}`;
  document.body.append(note);
});
