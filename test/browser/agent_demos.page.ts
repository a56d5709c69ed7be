/**
 * Runs in headless Chromium: an Agent (its Trainer in a real worker) learns from demonstrations.
 * 300 decisions of the catch heuristic are recorded headless on the `catch` env, then
 * `agent.learnFromDemonstrations` takes them as bytes and from indexeddb://; the agent pre-trains
 * and keeps training; an agent that observes 12x12 refuses them. agent_demos.test.ts asserts.
 */
import { createAgent } from '../../src/agent/create_agent';
import { catchEnv } from '../../src/env/catch';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { saveDemos } from '../../src/store/demo_store';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { fetchSpec } from '../../demos/shared/bootstrap';

const ACTIONS = ['left', 'stay', 'right'];

async function main(): Promise<unknown> {
  const spec = await fetchSpec('dqn_catch.json');
  const bytes = await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 300, seed: 11 });
  const agent = await createAgent(spec, { actions: ACTIONS, observation: { width: 10, height: 10, grayscale: true, frameStack: 1 }, backend: 'wasm', seed: 1 });
  try {
    const tensorsBefore = (await agent.stats()).numTensors;
    const fromBytes = await agent.learnFromDemonstrations(bytes, { pretrainSteps: 200 });
    await saveDemos('indexeddb://catch-heuristic', bytes);
    const fromStore = await agent.learnFromDemonstrations('indexeddb://catch-heuristic', { pretrainSteps: 0 });
    const tensorsAfter = (await agent.stats()).numTensors;
    let refused: { name: string; message: string } | null = null;
    const other = await createAgent(spec, { actions: ACTIONS, observation: { width: 12, height: 12, grayscale: true, frameStack: 1 }, backend: 'wasm', seed: 1 });
    try {
      await other.learnFromDemonstrations(bytes);
    } catch (e) {
      refused = { name: (e as Error).name, message: (e as Error).message };
    } finally {
      await other.dispose();
    }
    return {
      fromBytes: { episodes: fromBytes.episodes, steps: fromBytes.steps, checksum: fromBytes.checksum, updates: fromBytes.report?.updates ?? null, demoLoss: fromBytes.report?.extra['demo_loss'] ?? null },
      fromStore: { steps: fromStore.steps, checksum: fromStore.checksum, report: fromStore.report },
      tensorsBefore,
      tensorsAfter,
      refused,
    };
  } finally {
    await agent.dispose();
  }
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: unknown) => ((window as unknown as { __result: unknown }).__result = { error: String((e as Error)?.stack ?? e) }),
);
