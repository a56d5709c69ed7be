// Prepended to every ESM bundle that runs in Node (tests, benchmarks, the CLI): tfjs and its wasm
// backend are CommonJS-minded and reach for require, __filename and __dirname.
export const NODE_BANNER =
  "import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';" +
  "import{dirname as __dn}from'node:path';const require=__cr(import.meta.url);" +
  'const __filename=__fu(import.meta.url);const __dirname=__dn(__filename);';
