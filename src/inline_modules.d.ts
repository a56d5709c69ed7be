/**
 * Virtual modules the builds serve (scripts/inline_assets.mjs): files the SDK carries inside its
 * JavaScript so that a game's bundler needs no configuration.
 */
declare module 'pixelpilot-inline:trainer-worker' {
  /** The trainer worker as one self-contained classic script; null in the Node builds (no Web Worker there). */
  const source: string | null;
  export default source;
}

declare module 'pixelpilot-inline:tfjs-backend-wasm-simd.wasm' {
  /** tfjs-backend-wasm's SIMD binary, base64. */
  const base64: string;
  export default base64;
}
