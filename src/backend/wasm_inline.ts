/**
 * tfjs-backend-wasm's SIMD binary from inside the SDK's own JavaScript (see
 * scripts/inline_assets.mjs), so that no bundler has to emit or serve a .wasm file. Browsers only;
 * Node reads the files from the installed package.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf_core';

let binaryUrl: Promise<string> | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const chars = atob(text);
  const out = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) out[i] = chars.charCodeAt(i);
  return out;
}

/**
 * Points tfjs-backend-wasm at the inlined SIMD binary (a blob: URL made once). Throws, naming the
 * fix, in a browser without WebAssembly SIMD (the SDK inlines only that build).
 */
export async function useInlinedWasm(): Promise<void> {
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    throw new Error("this browser's WebAssembly has no SIMD and the SDK inlines only tfjs-backend-wasm's SIMD build; serve tfjs-backend-wasm's .wasm files and pass wasmPaths (their folder's URL) to use the others");
  }
  binaryUrl ??= import('pixelpilot-inline:tfjs-backend-wasm-simd.wasm').then(({ default: base64 }) =>
    URL.createObjectURL(new Blob([decodeBase64(base64)], { type: 'application/wasm' })));
  const url = await binaryUrl;
  setWasmPaths({ 'tfjs-backend-wasm.wasm': url, 'tfjs-backend-wasm-simd.wasm': url, 'tfjs-backend-wasm-threaded-simd.wasm': url });
}
