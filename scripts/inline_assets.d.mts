// Types of inline_assets.mjs for the TypeScript that imports it (tests, the browser harness).
import type { Plugin } from 'esbuild';

/** The virtual module of the trainer worker's script. */
export declare const WORKER_MODULE: string;
/** The virtual module of tfjs-backend-wasm's SIMD binary (base64). */
export declare const WASM_SIMD_MODULE: string;
/** Node modules tfjs requires on its Node paths only. */
export declare const NODE_ONLY_MODULES: string[];
/** tfjs-backend-wasm's SIMD binary as base64. */
export declare function wasmSimdBase64(): string;
/** esbuild plugin serving the virtual modules (`worker: false`: only the wasm binary). */
export declare function inlineAssetsEsbuild(options?: { worker?: boolean; minify?: boolean }): Plugin;
/** The trainer worker as one self-contained classic script. */
export declare function trainerWorkerSource(options?: { minify?: boolean }): Promise<string>;
/** The package's published entry points and their source files. */
export declare const ENTRY_SOURCES: Record<string, string>;
/** The published entry points in the built package. */
export declare const ENTRY_BUILDS: Record<string, string>;
/** esbuild plugin resolving the package's entry points to `entries`. */
export declare function packageEntriesEsbuild(entries?: Record<string, string>): Plugin;
