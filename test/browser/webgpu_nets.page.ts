/**
 * Runs in headless Chromium: every net case's gradients on the WebGPU backend (SwiftShader here)
 * and on WASM, each compared with the cpu backend in the same page. Reports relative errors; the
 * Node side (webgpu_nets.test.ts) asserts on them.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../../src/backend/tf';
import { selectBackend, type BackendName } from '../../src/backend/select_backend';
import { buildNet } from '../../src/net/net';
import { Rng } from '../../src/util/rng';
import { caseData, lossOf, NET_CASES, netSpec, type NetCase } from '../backend/net_cases';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

async function gradients(backend: BackendName, c: NetCase): Promise<{ grads: Map<string, Float32Array>; leaked: number }> {
  await selectBackend({ gpu: backend, wasmPaths: WASM_PATHS });
  const before = tf.memory().numTensors;
  const spec = netSpec(c.net);
  const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(7) });
  const { x, targets } = caseData(c, spec);
  const vars = net.parameters.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(() => lossOf(net, x, targets, new Rng(3)), vars);
  const out = new Map<string, Float32Array>();
  // Never dataSync on WebGPU (it loses the device here): read asynchronously.
  for (const p of net.parameters) out.set(p.name, (await grads[p.variable.name]!.data()) as Float32Array);
  tf.dispose([value, x, ...targets, ...Object.values(grads)]);
  net.dispose();
  return { grads: out, leaked: tf.memory().numTensors - before };
}

const norm = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/** Worst per-parameter relative error against cpu (scaled as in net_training.test.ts). */
function worstError(cpu: Map<string, Float32Array>, other: Map<string, Float32Array>): { error: number; param: string } {
  const total = Math.sqrt([...cpu.values()].reduce((s, g) => s + norm(g) ** 2, 0));
  let worst = { error: total > 0 ? 0 : Infinity, param: '' };
  for (const [name, expected] of cpu) {
    const actual = other.get(name);
    if (!actual || actual.length !== expected.length) return { error: Infinity, param: name };
    const diff = norm(actual.map((v, i) => v - expected[i]!));
    const error = diff / Math.max(norm(expected), 1e-3 * total);
    if (!(error <= worst.error)) worst = { error, param: name };
  }
  return worst;
}

async function main(): Promise<unknown> {
  const auto = await selectBackend({ gpu: 'auto', wasmPaths: WASM_PATHS });
  const results = [];
  for (const c of NET_CASES) {
    const cpu = await gradients('cpu', c);
    const webgpu = await gradients('webgpu', c);
    const wasm = await gradients('wasm', c);
    results.push({
      name: c.name,
      webgpu: worstError(cpu.grads, webgpu.grads),
      wasm: worstError(cpu.grads, wasm.grads),
      leaked: [cpu.leaked, webgpu.leaked, wasm.leaked],
    });
  }
  return { auto: { backend: auto.backend, attempts: auto.attempts }, adapter: !!(await navigator.gpu?.requestAdapter()), results };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: Error) => ((window as unknown as { __result: unknown }).__result = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
