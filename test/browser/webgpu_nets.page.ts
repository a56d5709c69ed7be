/**
 * Runs in headless Chromium: every net case's gradients, and those of the three demos' nets, on the
 * WebGPU backend (SwiftShader here) and on WASM, each compared with the cpu backend in the same page. Reports relative errors; the
 * Node side (webgpu_nets.test.ts) asserts on them.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { selectBackend } from '../../src/backend/select_backend';
import { parseSpecText } from '../../src/spec/parse_text';
import { gradientsOn, NET_CASES, worstRelativeError, type NetCase } from '../backend/net_cases';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

/** The `agent.net` of a demo's spec file, as the demo page fetches it. */
async function demoNet(file: string): Promise<object> {
  const specs = parseSpecText(await (await fetch(`/demos/specs/${file}`)).text()) as Record<string, { agent: { net: object } }>;
  return Object.values(specs)[0]!.agent.net;
}

/** The demos' own nets, with the observations the demo pages give them (demos/<name>/main.ts). */
async function demoCases(): Promise<NetCase[]> {
  return [
    { name: 'demo catch: DoubleDQN ConvNet on 10x10 gray', net: await demoNet('dqn_catch_pixels.json'), inShape: [10, 10, 1], outDims: [3] },
    { name: 'demo pong: PPO NatureishCNN, shared, on 48x48x2', net: await demoNet('pong_ppo_natureish.json'), inShape: [48, 48, 2], outDims: [3, 1] },
    { name: 'demo memory: PPO GRU RecurrentNet, shared, on 16x16 gray', net: await demoNet('recall_ppo_gru.json'), inShape: [16, 16, 1], outDims: [2, 1] },
  ];
}

async function main(): Promise<unknown> {
  const auto = await selectBackend({ gpu: 'auto', wasmPaths: WASM_PATHS });
  const results = [];
  for (const c of [...NET_CASES, ...(await demoCases())]) {
    const cpu = await gradientsOn('cpu', c, WASM_PATHS);
    const webgpu = await gradientsOn('webgpu', c, WASM_PATHS);
    const wasm = await gradientsOn('wasm', c, WASM_PATHS);
    results.push({
      name: c.name,
      webgpu: worstRelativeError(cpu.grads, webgpu.grads),
      wasm: worstRelativeError(cpu.grads, wasm.grads),
      leaked: [cpu.leaked, webgpu.leaked, wasm.leaked],
    });
  }
  const adapter = await navigator.gpu?.requestAdapter();
  const fallback = (adapter as { info?: { isFallbackAdapter?: boolean } } | null)?.info?.isFallbackAdapter ?? false;
  return { auto: { backend: auto.backend, attempts: auto.attempts }, adapter: !!adapter, fallback, results };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: Error) => ((window as unknown as { __result: unknown }).__result = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
