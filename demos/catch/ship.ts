/**
 * The catch demo's "ship" mode: the game plays the policy shipped with it (demos/catch/catch.ppol,
 * trained by `pixelpilot train --game` on this very scene, 8 copies headless: npm run train:catch) through
 * `pixelpilot/play`: no worker, no training code, greedy decisions on the main thread.
 * `?speed=N` runs N frames per display refresh; `?renderer=canvas` draws with Phaser's CANVAS renderer.
 * `window.__catchShip` reads what the page counts (tests, the curious): episodes, catches and the
 * attachment's counters (decisions, late, dropped ...).
 */
import * as Phaser from 'phaser';
import { loadBot, type PlayAttachment } from 'pixelpilot/play';
import { describeError, requestedBackend, startGame } from '../shared/bootstrap';
import { GameStepper } from '../shared/game_stepper';
import { CATCH_ACTIONS, CatchScene } from './catch_scene';

/** What `window.__catchShip` gives: a snapshot per read, nothing to change the game with. */
export interface CatchShipStats {
  episodes: number;
  catches: number;
  /** 1: Phaser's own loop at the display's rate (real time); k > 1: k frames per refresh, stepped by hand. */
  speed: number;
  /** The bot attachment's counters: frames ticked, decisions, late answers, dropped steps ... */
  counters: Readonly<PlayAttachment['counters']>;
}

const POLICY_URL = '/demos/catch/catch.ppol';

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (el === null) throw new Error(`the page has no [data-field="${name}"]`);
  return el;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const scene = new CatchScene({ seed: Date.now() % 2 ** 31 });
  const game = await startGame({
    parent: document.getElementById('game')!,
    width: scene.pixels,
    height: scene.pixels,
    scene,
    type: query.get('renderer') === 'canvas' ? Phaser.CANVAS : Phaser.WEBGL,
  });
  field('status').textContent = `loading ${POLICY_URL}…`;
  const t0 = performance.now();
  const bot = await loadBot(POLICY_URL, {
    actions: CATCH_ACTIONS,
    observation: { width: scene.size, height: scene.size, grayscale: true, frameStack: 1 },
    backend: requestedBackend('wasm'),
  });
  const loadMs = performance.now() - t0;
  scene.restartEpisode();
  let episodes = 0;
  let catches = 0;
  const attachment = bot.attach(scene, {
    act: scene.act,
    reward: scene.takeReward,
    done: scene.takeDone,
    decisionPeriod: scene.framesPerRow,
    onEpisode: (e) => {
      episodes++;
      if (e.return > 0) catches++;
      field('episodes').textContent = String(episodes);
      field('catch-rate').textContent = (catches / episodes).toFixed(3);
    },
    onError: (e) => (field('status').textContent = `error: ${describeError(e)}`),
  });
  const stepper = new GameStepper(game, () => attachment.settled());
  const speed = Number(query.get('speed') ?? 1);
  if (speed > 1) stepper.setSpeed(speed);
  Object.defineProperty(window, '__catchShip', {
    get: (): CatchShipStats => ({ episodes, catches, speed: Math.max(speed, 1), counters: { ...attachment.counters } }),
  });
  field('status').textContent = `playing the shipped policy on ${bot.backend} (loaded in ${loadMs.toFixed(0)} ms; ${bot.manifest.frames} training frames)`;
}

main().catch((e: unknown) => {
  console.error(e);
  field('status').textContent = `The demo stopped: ${describeError(e)}`;
});
