/** SHA-256 of weight bytes, as lower-case hex (Web Crypto: in browsers and in Node 20+). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = new Uint8Array(data); // a view of an ArrayBuffer, a copy of a Uint8Array
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
