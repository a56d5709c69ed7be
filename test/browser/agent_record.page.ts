/**
 * Runs in headless Chromium: the catch demo's real Phaser scene (CANVAS, stepped by hand) and an
 * agent that records it (`agent.record`). The test (agent_record.test.ts) drives it through
 * `window.__record`: it presses real keys (playwright's keyboard) between frames, steps frames,
 * and reads back what the recording holds: the decoded file and what was played at each decision.
 */
import * as Phaser from 'phaser';
import { createAgent } from '../../src/agent/create_agent';
import type { Recording } from '../../src/attach/record_scene';
import { decodeDemoFile } from '../../src/store/demo_file';
import { fetchSpec, startGame } from '../../demos/shared/bootstrap';
import { CATCH_ACTIONS, CatchScene } from '../../demos/catch/catch_scene';

const parent = document.createElement('div');
document.body.append(parent);
const scene = new CatchScene({ seed: 5 });
const game = await startGame({ parent, width: scene.pixels, height: scene.pixels, scene, type: Phaser.CANVAS });
game.loop.sleep();
let time = 0;
const spec = await fetchSpec('dqn_catch_pixels.json');
const agent = await createAgent(spec, { actions: CATCH_ACTIONS, observation: { width: 10, height: 10, grayscale: true }, backend: 'wasm' });
scene.input.keyboard!.addCapture('LEFT,RIGHT');

let recording: Recording | null = null;
/** Each decision's played action (the heuristic's answers; for keys, the test knows what it held). */
let played: number[] = [];

(window as unknown as { __record: unknown }).__record = {
  /** Starts a recording: 'keys' (the arrows, read) or 'heuristic' (the scene's scripted player), with a reflex lag. */
  begin(who: 'keys' | 'heuristic', reflexLag: number): void {
    played = [];
    scene.restartEpisode();
    const common = { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow, reflexLag };
    recording = who === 'keys'
      ? agent.record(scene, { ...common, keys: { left: 'LEFT', right: 'RIGHT' } })
      : agent.record(scene, { ...common, heuristic: () => (played.push(scene.towardsFruit()), played.at(-1)!) });
  },
  /** Steps one frame; the decisions taken so far. */
  step(): number {
    time += 1000 / 60;
    game.step(time, 1000 / 60);
    return recording!.counters.decisions;
  },
  drop: (): number => recording!.dropEpisode(),
  episodes: (): number => recording!.episodes,
  /** Stops and decodes the file: per episode its actions, rewards and end flags. */
  async finish(): Promise<unknown> {
    const r = recording!;
    r.stop();
    const { manifest, demonstrations } = await decodeDemoFile(await r.toBytes(), 'recording');
    return {
      manifest: { steps: manifest.steps, reflexLag: manifest.reflexLag, source: manifest.source, shape: manifest.observation.shape, actionNames: manifest.actionNames },
      episodes: demonstrations.episodes.map((e) => ({ steps: e.steps, actions: Array.from(e.actions), rewards: Array.from(e.rewards), terminated: Array.from(e.terminated), truncated: Array.from(e.truncated) })),
      played,
      returns: r.returns,
      tally: { ...scene.tally },
    };
  },
  /** Whether attach is refused while recording (AgentError), then allowed after stop. */
  attachWhileRecording(): string {
    try {
      agent.attach(scene, { act: scene.act });
      return 'attached';
    } catch (e) {
      return (e as Error).message;
    }
  },
};
(window as unknown as { __result: unknown }).__result = { ready: true };
