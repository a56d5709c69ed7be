/**
 * Backend selection: WebGPU, then WASM, then CPU, recording why each one before the chosen one
 * failed. Runs only when called; nothing is chosen as an import side effect.
 */
import type { BackendAttempt } from '../util/errors';
import { BackendError } from '../util/errors';
import { tf } from './tf';
import { silenceCpuBanner } from './cpu_backend';
import { registerGradientFixes } from './register_gradients';

/** A backend the SDK can run on. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  /**
   * Which backends to try. 'auto' (default) and true: WebGPU on a hardware adapter, then WASM,
   * then CPU; false: WASM, then CPU; a backend name: that backend only (BackendError if it cannot
   * start; 'webgpu' also accepts a software fallback adapter).
   */
  gpu?: boolean | 'auto' | BackendName;
  /** Where the browser serves tfjs-backend-wasm's .wasm files (a directory URL). Default: found
   *  by resolving the package in Node; next to the bundle in browsers. */
  wasmPaths?: string;
}

/** The chosen backend and what was tried before it. */
export interface BackendSelection {
  backend: BackendName;
  /** Every backend tried before `backend`, each with why it failed (empty if the first worked). */
  attempts: BackendAttempt[];
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  /** wasm only: threads in use (1 in Node and on pages that are not cross-origin isolated). */
  threads?: number;
}

function candidates(gpu: SelectBackendOptions['gpu']): BackendName[] {
  if (gpu === undefined || gpu === 'auto' || gpu === true) return ['webgpu', 'wasm', 'cpu'];
  if (gpu === false) return ['wasm', 'cpu'];
  return [gpu];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Initialises backend `name` (its factory, awaited here so that a failure arrives as the factory's
 * own error) and makes it current. tf.setBackend alone only returns false and prints why through
 * console.warn; catching that would mean swapping the global console.warn across an await, which
 * hides every warning the game itself prints meanwhile. No global is touched here.
 */
async function setBackendOrThrow(name: BackendName): Promise<void> {
  const engine = tf.engine();
  if (engine.registry[name] == null) {
    const factory = tf.findBackendFactory(name);
    if (factory == null) throw new Error(`no '${name}' backend is registered`);
    const backend = await factory();
    // Another call may have initialised it meanwhile; keep the first instance.
    if (engine.registry[name] == null) engine.registry[name] = backend;
    else if (engine.registry[name] !== backend) backend.dispose();
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`setBackend('${name}') returned false (see the console for tfjs' reason)`);
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string };
}

/**
 * @param allowFallback accept a software fallback adapter (e.g. SwiftShader). 'auto' does not:
 *   measured here, acting on SwiftShader WebGPU was ~70x slower than wasm. Naming 'webgpu' does.
 */
async function tryWebgpu(allowFallback: boolean): Promise<void> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }).navigator?.gpu;
  if (gpu == null) throw new Error('navigator.gpu is missing (this runtime has no WebGPU)');
  const adapter = await gpu.requestAdapter();
  if (adapter == null) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
  const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  if (fallback && !allowFallback) {
    const what = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ');
    throw new Error(`the only WebGPU adapter is a software fallback${what ? ` (${what})` : ''}, slower than wasm; ask for backend: 'webgpu' to use it anyway`);
  }
  await import('@tensorflow/tfjs-backend-webgpu'); // registers 'webgpu' because navigator.gpu exists
  if (tf.findBackendFactory('webgpu') == null) throw new Error('tfjs-backend-webgpu did not register a backend');
  await setBackendOrThrow('webgpu');
}

async function tryWasm(wasmPaths: string | undefined): Promise<{ simd: boolean; threads: number }> {
  const setup = await import('./wasm_setup');
  await setup.prepareWasm(wasmPaths);
  await setBackendOrThrow('wasm');
  return setup.wasmFeatures();
}

async function tryCpu(): Promise<void> {
  await setBackendOrThrow('cpu');
  silenceCpuBanner();
}

/**
 * Chooses and initialises a backend (see SelectBackendOptions for the order) and makes it tfjs'
 * current backend, with the SDK's gradients (and, on wasm, kernel fixes) in effect. Throws
 * BackendError listing every attempt if none works.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  registerGradientFixes();
  const attempts: BackendAttempt[] = [];
  for (const name of candidates(options.gpu)) {
    try {
      if (name === 'webgpu') await tryWebgpu(options.gpu === 'webgpu');
      else if (name === 'cpu') await tryCpu();
      else if (name === 'wasm') return { backend: name, attempts, ...(await tryWasm(options.wasmPaths)) };
      else throw new Error(`unknown backend (expected 'webgpu', 'wasm' or 'cpu')`);
      return { backend: name, attempts };
    } catch (e) {
      attempts.push({ backend: name, reason: message(e) });
    }
  }
  throw new BackendError(attempts, `no backend could be initialised (gpu: ${JSON.stringify(options.gpu ?? 'auto')})`);
}
