/**
 * Runs in headless Chromium: every net case's gradients on the WebGPU backend (SwiftShader here)
 * and on WASM, each compared with the cpu backend in the same page. Reports relative errors; the
 * Node side (webgpu_nets.test.ts) asserts on them.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { selectBackend } from '../../src/backend/select_backend';
import { gradientsOn, NET_CASES, worstRelativeError } from '../backend/net_cases';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

async function main(): Promise<unknown> {
  const auto = await selectBackend({ gpu: 'auto', wasmPaths: WASM_PATHS });
  const results = [];
  for (const c of NET_CASES) {
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
