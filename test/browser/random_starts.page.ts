/**
 * Runs in headless Chromium: random starts on real Phaser scenes. A Pong whose serve never varies
 * (the demo's scene with the ball, its direction and the paddle put back the same way at every
 * episode) is played greedily by an untrained agent on 8 copies (CANVAS): without random starts
 * every episode is the same one ('identical-episodes'); with no-op starts (copies stepped alone on
 * their own clocks, their canvases read after) and with the entry's reset(scene, rng) they differ.
 * random_starts.test.ts asserts.
 */
import * as Phaser from 'phaser';
import { createAgent, playGame, type AgentWarning, type PlayGameResult, type StartRandom } from 'pixelpilot';
import pong from '../../demos/pong/training';
import { PongScene } from '../../demos/pong/pong_scene';
import { fetchSpec } from '../../demos/shared/bootstrap';

/** The demo's Pong with one fixed serve: the same ball and paddle at every episode (unless reset() moves the ball). */
class FixedServePong extends PongScene {
  serveX = 47;
  serveVx = 0.9;
  protected override startEpisode(): void {
    const r = this.rules;
    r.reset();
    Object.assign(r, { ballX: this.serveX, vx: this.serveVx, paddleX: 37 });
  }
}

const entry = { ...pong, scene: FixedServePong };
const EPISODES = 64;

async function main(): Promise<unknown> {
  const agent = await createAgent(await fetchSpec('pong_ppo_natureish.json'), { actions: entry.actions, observation: entry.observation, players: 8, backend: 'wasm', seed: 2 });
  const warnings: AgentWarning[] = [];
  agent.on('warning', (w) => warnings.push(w));
  const summary = (r: PlayGameResult) => ({ ...r, returns: undefined, timing: undefined, warningEvents: warnings.splice(0) });
  try {
    const fixed = summary(await playGame(entry, agent, { episodes: EPISODES, randomStarts: false, phaser: Phaser }));
    const noops = summary(await playGame(entry, agent, { episodes: EPISODES, phaser: Phaser }));
    const resets: number[] = [];
    const reset = (scene: FixedServePong, rng: StartRandom): void => {
      scene.serveX = 10 + rng.uniform() * 80;
      scene.serveVx = rng.uniform() * 4 - 2;
      resets.push(scene.serveX);
    };
    const resetOnly = summary(await playGame({ ...entry, reset }, agent, { episodes: EPISODES, randomStarts: { noops: 0 }, phaser: Phaser }));
    return { fixed, noops, resetOnly, resets: resets.length, distinctResets: new Set(resets).size };
  } finally {
    await agent.dispose();
  }
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
