/**
 * Runs in headless Chromium (WebGPU on SwiftShader): an agent training on WebGPU in its worker,
 * attached to a scene that plays a small game; then its GPU device is destroyed. Reports the
 * 'backend-change' event, the weights and training state just before the loss and right after the
 * switch, and how training went on. The Node side (device_loss.test.ts) asserts.
 */
import type { Attachment } from '../../src/agent/agent';
import type { BackendChange } from '../../src/worker/device_loss';
import { createAgent } from '../../src/agent/create_agent';
import { decodePolicyFile } from '../../src/store/policy_file';
import { FakeScene, VECTOR_SPEC } from '../attach/fakes';

const ENTRY = new URL('./device_loss.worker.js', import.meta.url);
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

const SPEC = VECTOR_SPEC;

const weights = (bytes: Uint8Array): number[] => [...new Uint8Array(decodePolicyFile(bytes, 'device loss test').weightData as ArrayBuffer)];

async function main(): Promise<unknown> {
  const adapter = await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter();
  if (adapter == null) return { skippedBecause: 'no WebGPU adapter in this browser' };
  const agent = await createAgent(SPEC, { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'webgpu', workerUrl: ENTRY, wasmPaths: WASM_PATHS, seed: 4 });
  const errors: string[] = [];
  agent.on('error', (e) => errors.push(e.message));
  agent.on('worker-error', (e) => errors.push(e.message));
  let trainRounds = 0;
  agent.on('train', () => trainRounds++);
  const changes: BackendChange[] = [];
  const changed = new Promise<void>((resolve) => agent.on('backend-change', (c) => {
    changes.push(c);
    resolve();
  }));
  const scene = new FakeScene();
  let x = 0;
  let t = 0;
  const attachment: Attachment = agent.attach(scene, {
    observe: () => [x / 5, (t % 7) / 7],
    act: (a) => void (x = Math.max(-5, Math.min(5, x + (a === 1 ? 1 : -1)))),
    reward: () => (x > 0 ? 1 : 0),
    done: () => t % 20 === 0,
  });
  const frames = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      t++;
      scene.frame();
      await attachment.settled();
    }
  };
  const backendBefore = agent.backend;
  await frames(40);
  const before = await agent.stats();
  const bytesBefore = await agent.trainer.exportPolicy({ training: true });
  const lostOn = await (agent.trainer.remote as unknown as { loseDevice(): Promise<string> }).loseDevice();
  await Promise.race([changed, new Promise((r) => setTimeout(r, 30_000))]);
  const bytesAfter = await agent.trainer.exportPolicy({ training: true });
  const switched = await agent.stats();
  await frames(60);
  const after = await agent.stats();
  const result = {
    backendBefore, lostOn, backendAfter: agent.backend, changes, errors,
    before: { trainRounds: before.trainRounds, steps: before.steps, numTensors: before.numTensors, backend: before.backend },
    switched: { trainRounds: switched.trainRounds, numTensors: switched.numTensors, backend: switched.backend, events: switched.events },
    after: { trainRounds: after.trainRounds, steps: after.steps, numTensors: after.numTensors, backend: after.backend },
    sameWeights: JSON.stringify(weights(bytesBefore)) === JSON.stringify(weights(bytesAfter)),
    weightBytes: weights(bytesBefore).length,
    counters: { ...attachment.counters },
  };
  await agent.dispose();
  return result;
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
