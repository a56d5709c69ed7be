// Types of serve.mjs for the TypeScript that imports it (test/browser/harness.ts).
import type { Server } from 'node:http';

/** Content types by file extension. */
export declare const CONTENT_TYPES: Record<string, string>;

/** Serves `root` on host:port (127.0.0.1, any free port by default), with COOP/COEP headers unless `isolated: false`. */
export declare function serveStatic(options: { root: string; port?: number; host?: string; isolated?: boolean }): Promise<{ server: Server; origin: string }>;
