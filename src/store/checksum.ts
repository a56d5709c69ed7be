/** SHA-256 of bytes, as lower-case hex (Web Crypto: in browsers and in Node 20+). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = new Uint8Array(data); // a view of an ArrayBuffer, a copy of a Uint8Array
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const DOMAIN = new TextEncoder().encode('pixelpilot-policy checksum v3\n');

/**
 * The checksum of format version 3: SHA-256 over a domain tag, the byte length of the manifest's
 * JSON, that JSON (the manifest as stored, its `checksum` field set to ""), and the weight bytes.
 * The length prefix keeps the boundary between header and weights fixed, so no byte can move
 * from one to the other without changing the digest.
 */
export async function policyChecksum(manifest: object, weights: ArrayBuffer | Uint8Array): Promise<string> {
  return framedChecksum(DOMAIN, manifest, weights);
}

/**
 * SHA-256 over `domain`, the uint64 LE byte length of JSON.stringify(header with checksum ""),
 * that JSON and `data` (the scheme of policy files v3 and demonstration files).
 */
export async function framedChecksum(domain: Uint8Array, header: object, data: ArrayBuffer | Uint8Array): Promise<string> {
  const text = new TextEncoder().encode(JSON.stringify({ ...header, checksum: '' }));
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const all = new Uint8Array(domain.length + 8 + text.length + bytes.length);
  all.set(domain, 0);
  new DataView(all.buffer).setBigUint64(domain.length, BigInt(text.length), true);
  all.set(text, domain.length + 8);
  all.set(bytes, domain.length + 8 + text.length);
  return sha256Hex(all);
}
