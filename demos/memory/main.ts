/**
 * The memory demo page: the MemoryScene on a 300x330 WebGL canvas, a PPO agent with a GRU
 * RecurrentNet (demos/specs/memory_ppo_gru.json) attached to it that learns from the field shrunk
 * to 16x16 gray pixels, one frame at a time (the GRU must carry the cue), and the dashboard. The mode switch lets
 * the agent play greedily (no exploration, no learning) to see what it has learnt; Reset disposes
 * the agent and starts a fresh one.
 */
import type { Agent, Attachment } from '../../src/agent/agent';
import type { AgentMode } from '../../src/agent/agent_options';
import { createAgent } from '../../src/agent/create_agent';
import { describeError, fetchSpec, requestedBackend, startGame, WASM_PATHS, WORKER_URL } from '../shared/bootstrap';
import { mountDashboard } from '../shared/dashboard';
import { GameStepper } from '../shared/game_stepper';
import { attachMemory, MEMORY_SPEC_FILE, memoryObservation } from './memory_agent';
import { MEMORY_ACTIONS, MemoryScene } from './memory_scene';

async function main(): Promise<void> {
  const element = (id: string): HTMLElement => {
    const el = document.getElementById(id);
    if (el === null) throw new Error(`the page has no #${id}`);
    return el;
  };
  // Cues differ from one visit to the next; the agent's initial weights do not (the spec's seed).
  const scene = new MemoryScene({ seed: Date.now() % 2 ** 31 });
  const game = await startGame({ parent: element('game'), width: scene.canvasWidth, height: scene.canvasHeight, scene });
  const spec = await fetchSpec(MEMORY_SPEC_FILE);

  let agent: Agent | null = null;
  let attachment: Attachment | null = null;
  let mode: AgentMode = 'train';
  const stepper = new GameStepper(game, () => attachment?.settled() ?? Promise.resolve());

  const reattach = (): void => {
    attachment?.detach();
    attachment = agent === null ? null : attachMemory(agent, scene, mode);
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
      actions: MEMORY_ACTIONS,
      observation: memoryObservation(scene),
      backend: requestedBackend('wasm'),
      workerUrl: WORKER_URL,
      wasmPaths: WASM_PATHS,
    });
    // Score 1 for the cued side, 0 for the other (the return is +1 or -1).
    fresh.on('episode', (e) => dashboard.recordEpisode(e.return, e.return > 0 ? 1 : 0));
    fresh.on('error', (e) => dashboard.setStatus(`error: ${describeError(e)}`));
    fresh.on('worker-error', (e) => dashboard.setStatus(`the worker stopped: ${describeError(e)}`));
    agent = fresh;
    reattach();
    const tried = fresh.backendAttempts.map((a) => `${a.backend} failed: ${a.reason}`).join('; ');
    dashboard.setStatus(`${mode === 'train' ? 'learning' : 'playing'} on ${fresh.backend}${tried === '' ? '' : ` (${tried})`}`);
  };

  const dashboard = mountDashboard({
    root: element('dashboard'),
    title: 'Memory — PPO with a GRU RecurrentNet',
    scoreLabel: 'right choices',
    storageKey: 'indexeddb://demo-memory',
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
