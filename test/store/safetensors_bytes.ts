/** Test helpers: raw safetensors bytes from a header object and data, and header surgery on real files. */

/** A file with `header` (any JSON, written as given) followed by `data`. `declared` overrides the length field. */
export function rawSafetensors(header: unknown, data: Uint8Array = new Uint8Array(0), declared?: bigint): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

/** The parsed header and the data section of a safetensors file. */
export function splitSafetensors(bytes: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  return { header, data: bytes.slice(8 + n) };
}

/** The same file with its header changed by `edit` (the data kept byte for byte). */
export function editHeader(bytes: Uint8Array, edit: (header: Record<string, Record<string, unknown>>) => void): Uint8Array {
  const { header, data } = splitSafetensors(bytes);
  edit(header as Record<string, Record<string, unknown>>);
  return rawSafetensors(header, data);
}

/** Little-endian bytes written by `write` into a buffer of `size` bytes. */
export function leBytes(size: number, write: (view: DataView) => void): Uint8Array {
  const buf = new ArrayBuffer(size);
  write(new DataView(buf));
  return new Uint8Array(buf);
}
