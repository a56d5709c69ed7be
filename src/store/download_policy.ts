/**
 * Hands a policy file to the player as a download (the browser's "save as"), so a policy trained in
 * a page can be shipped with the game (`loadBot(url)`) or loaded elsewhere. Browsers only; in Node
 * `savePolicy(path)` writes the same bytes to a file.
 */
import { StorageError } from '../util/errors';

/** The policy file's media type (a binary of our own format). */
export const POLICY_MEDIA_TYPE = 'application/octet-stream';

/** Starts the download of `bytes` as `fileName`. StorageError outside a browser page. */
export function downloadPolicyFile(bytes: Uint8Array, fileName: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new StorageError(`download ${fileName}: downloads need a browser page (in Node, save to a file path)`);
  }
  if (!/^[^/\\]+$/.test(fileName)) throw new StorageError(`download: the file name must not contain / or \\ (got ${JSON.stringify(fileName)})`);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: POLICY_MEDIA_TYPE }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; free it after the browser had its turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
