/**
 * Downloading a policy file with a bounded size: a Content-Length over the limit is refused before
 * the body is read, the body is counted as it arrives (a server may lie or send none), and a body
 * shorter or longer than its Content-Length is an error, not a policy.
 */
import { StorageError } from '../util/errors';

/** The largest policy read from a URL or a file unless told otherwise: 256 MiB. */
export const DEFAULT_MAX_POLICY_BYTES = 256 * 1024 * 1024;

/** Options for reading a policy from a URL or a file. */
export interface PolicyReadOptions {
  /** Refuse anything larger, in bytes. Default DEFAULT_MAX_POLICY_BYTES (256 MiB). */
  maxBytes?: number;
  /** Cancels a download. Default: none. */
  signal?: AbortSignal;
  /** The cap on the trainable parameters of the policy's nets, checked before any is built. Default DEFAULT_MAX_PARAMS (50,000,000). */
  maxParams?: number;
}

/** The size limit of `options`, checked. */
export function maxBytesOf(options: PolicyReadOptions | undefined): number {
  const max = options?.maxBytes ?? DEFAULT_MAX_POLICY_BYTES;
  if (!Number.isSafeInteger(max) || max <= 0) throw new StorageError(`maxBytes must be a positive integer (got ${max})`);
  return max;
}

/** Fetches `url` (absolute, or relative to the page) into bytes, at most `maxBytes`. */
export async function fetchPolicyBytes(url: string, options?: PolicyReadOptions): Promise<Uint8Array> {
  const maxBytes = maxBytesOf(options);
  if (typeof globalThis.fetch !== 'function') throw new StorageError(`${url}: fetch is not available in this environment`);
  let response: Response;
  try {
    response = await globalThis.fetch(url, options?.signal ? { signal: options.signal } : {});
  } catch (e) {
    throw new StorageError(`${url}: the request failed (${(e as Error).message})`);
  }
  const discard = () => response.body?.cancel().catch(() => undefined);
  if (!response.ok) {
    await discard();
    throw new StorageError(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const header = response.headers.get('content-length');
  const declared = header === null ? undefined : Number(header);
  if (declared !== undefined && !(Number.isSafeInteger(declared) && declared >= 0)) {
    await discard();
    throw new StorageError(`${url}: invalid Content-Length ${JSON.stringify(header)}`);
  }
  if (declared !== undefined && declared > maxBytes) {
    await discard();
    throw new StorageError(`${url}: Content-Length of ${declared} bytes is over the limit of ${maxBytes} (maxBytes)`);
  }
  // With a content encoding (gzip ...), Content-Length counts the encoded bytes, not ours.
  const encoding = response.headers.get('content-encoding');
  const expected = encoding === null || encoding === 'identity' ? declared : undefined;

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body === null) throw new StorageError(`${url}: the response has no body`);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes || (expected !== undefined && total > expected)) {
        await reader.cancel().catch(() => undefined);
        throw new StorageError(
          total > maxBytes
            ? `${url}: the body is over the limit of ${maxBytes} bytes (maxBytes)`
            : `${url}: the body is longer than its Content-Length of ${expected} bytes`,
        );
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError(`${url}: the download broke off after ${total}${expected !== undefined ? ` of ${expected}` : ''} bytes (${(e as Error).message})`);
  }
  if (expected !== undefined && total !== expected) {
    throw new StorageError(`${url}: truncated download: ${total} of ${expected} bytes (Content-Length)`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
