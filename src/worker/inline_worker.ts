/**
 * The SDK's own trainer worker, started with no help from the game's bundler: its script (the
 * whole worker, tfjs and backends included, see scripts/inline_assets.mjs) is a string in a chunk
 * loaded on first use, started from a blob: URL. This is what makes `createAgent` work with Vite's
 * and webpack's defaults, in dev servers and production builds alike.
 */
import type { WorkerLike } from './spawn_trainer';
import { WorkerError } from '../util/errors';

let scriptUrl: Promise<string> | null = null;

/** Why an agent cannot start here: it needs a page's Web Worker, and what to use in Node instead. */
export const NEEDS_A_BROWSER =
  'createAgent and loadAgent need a browser: the agent trains in a Web Worker, which Node does not have. ' +
  'In Node, train with the CLI (`npx pixelpilot train SPEC --env ENV` or `--game ENTRY`) or with pixelpilot/lab (Trainer, runLoop), ' +
  "and play a saved policy with loadBot from 'pixelpilot/play'";

/** The worker script's blob: URL, made once per page (restarts reuse it). */
function trainerScriptUrl(): Promise<string> {
  scriptUrl ??= import('pixelpilot-inline:trainer-worker').then(
    ({ default: source }) => {
      // The Node builds carry no worker script (there is no Web Worker to run it in).
      if (source === null) throw new WorkerError('crashed', NEEDS_A_BROWSER);
      return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    },
    (e: unknown) => {
      scriptUrl = null;
      if (e instanceof WorkerError) throw e;
      throw new WorkerError('crashed', `the trainer worker's script could not be loaded (${e instanceof Error ? e.message : String(e)})`);
    },
  );
  return scriptUrl;
}

/**
 * Starts the SDK's trainer worker. Throws WorkerError when the page may not start it (a
 * Content-Security-Policy without `worker-src blob:`), naming the way out.
 */
export async function startInlineWorker(name = 'pixelpilot-trainer'): Promise<WorkerLike> {
  if (typeof Worker === 'undefined') throw new WorkerError('crashed', NEEDS_A_BROWSER);
  const url = await trainerScriptUrl();
  try {
    return new Worker(url, { name });
  } catch (e) {
    throw new WorkerError(
      'crashed',
      `the trainer worker could not be started from a blob: URL (${e instanceof Error ? e.message : String(e)}); ` +
        "if the page's Content-Security-Policy forbids it, allow worker-src blob:, or serve node_modules/pixelpilot/dist/worker.js yourself and pass workerUrl",
    );
  }
}
