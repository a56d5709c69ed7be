/**
 * Loading the wasm backend: where its .wasm files are, the SDK's kernel fixes, and what the loaded
 * build offers (SIMD, threads). Imported lazily by `selectBackend`, so a page that never uses wasm
 * never loads it.
 */
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf_core';
import { registerGradientFixes } from './register_gradients';
import { registerWasmKernels } from './wasm_kernels';

/** True in Node (not in a browser or worker, where `process` is normally absent). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/**
 * The directory (ending in '/') holding tfjs-backend-wasm's .wasm files in Node, found by resolving
 * the package from this module. `node:module` is imported through a variable so that browser
 * bundlers neither follow nor warn about it.
 */
export async function nodeWasmDir(): Promise<string> {
  const name = 'node:module';
  const { createRequire } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as typeof import('node:module');
  const resolved = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return resolved.slice(0, Math.max(resolved.lastIndexOf('/'), resolved.lastIndexOf('\\')) + 1);
}

/**
 * Gets the wasm backend ready to be set: file location (given `wasmPaths`, else found in Node,
 * else the SIMD binary inlined in the SDK), the SDK's wasm kernel fixes and gradients. Paths are
 * left alone once the backend is initialised (tfjs reads them only then). `selectBackend` calls
 * this; call it yourself only before a bare `tf.setBackend('wasm')`.
 *
 * Browsers never use wasm threads: tfjs uses at most half the cores (one on a 2-core machine, so
 * no gain), and its threaded build's worker code does not survive the minifiers of production
 * builds (a crash in cross-origin-isolated pages). Figures: README, "Threads".
 */
export async function prepareWasm(wasmPaths?: string): Promise<void> {
  registerGradientFixes();
  registerWasmKernels();
  if (tf.engine().registry['wasm'] != null) return;
  if (!isNode()) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (wasmPaths != null) setWasmPaths(wasmPaths.endsWith('/') ? wasmPaths : `${wasmPaths}/`);
  else if (isNode()) setWasmPaths(await nodeWasmDir());
  else await (await import('./wasm_inline')).useInlinedWasm();
}

/** What the initialised wasm backend runs with. */
export async function wasmFeatures(): Promise<{ simd: boolean; threads: number }> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  return { simd, threads: getThreadsCount() };
}
