/**
 * Browser page of wasm_threads.bench.ts: one wasm configuration per page load, chosen by the query
 * string (`?threads=off|default|2|hc4`), because tfjs reads the flags and the thread count once, when
 * the backend initialises. Sets up wasm the way the SDK does (its kernels and gradient fixes) but
 * from the served .wasm files, so the threaded binary can load: the SDK's own set-up (prepareWasm)
 * turns threads off in browsers. `hc4` reports navigator.hardwareConcurrency as 4 to tfjs (its
 * glue reads it on the main thread at init), so that tfjs' default count, half of it, is 2: what
 * two threads would do on this 2-core machine if tfjs allowed them. Times the Nature CNN and the catch demo's ConvNet, then sets
 * `window.__result`.
 */
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../src/backend/tf';
import { registerGradientFixes } from '../src/backend/register_gradients';
import { registerWasmKernels } from '../src/backend/wasm_kernels';
import { resolveSpec } from '../src/spec/index';
import { natureCnnNet, timeNet } from './train_step_timing';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

async function main(): Promise<unknown> {
  const query = new URLSearchParams(location.search);
  const mode = query.get('threads') ?? 'off';
  const reps = Number(query.get('reps') ?? '9');
  const hardwareConcurrency = navigator.hardwareConcurrency;
  if (mode === 'off') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else if (mode === 'hc4') Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4, configurable: true });
  else if (mode !== 'default') setThreadsCount(Number(mode));
  setWasmPaths(WASM_PATHS);
  registerGradientFixes();
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  const env = {
    mode,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency,
    reportedHardwareConcurrency: navigator.hardwareConcurrency,
    multithreadFlag: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean,
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
    threads: getThreadsCount(),
  };
  const catchSpec = resolveSpec(await (await fetch('/demos/specs/dqn_catch_pixels.json')).text()).spec.agent.net;
  const before = tf.memory().numTensors;
  const nature = await timeNet({ net: natureCnnNet(), inShape: [84, 84, 4], outDims: [6], stepReps: reps, forwardReps: reps * 4, warmup: 2 });
  const catchNet = await timeNet({ net: catchSpec, inShape: [10, 10, 1], outDims: [3], stepReps: reps * 4, forwardReps: reps * 8, warmup: 3 });
  return { env, nature, catch: catchNet, leaked: tf.memory().numTensors - before };
}

const w = window as unknown as { __result?: unknown };
main().then(
  (r) => (w.__result = r),
  (e: unknown) => (w.__result = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }),
);
