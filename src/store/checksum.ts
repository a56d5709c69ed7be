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
  const header = new TextEncoder().encode(JSON.stringify({ ...manifest, checksum: '' }));
  const data = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  const all = new Uint8Array(DOMAIN.length + 8 + header.length + data.length);
  all.set(DOMAIN, 0);
  new DataView(all.buffer).setBigUint64(DOMAIN.length, BigInt(header.length), true);
  all.set(header, DOMAIN.length + 8);
  all.set(data, DOMAIN.length + 8 + header.length);
  return sha256Hex(all);
}
