/**
 * The bytes of the page link of `pixelpilot serve` (a WebSocket between the page and Node, on
 * 127.0.0.1; see serve_socket.ts and src/cli/page_socket.ts): Node's commands as JSON text; the
 * page's replies as one binary message, `u32 LE header length`, the header as UTF-8 JSON (the
 * reply without its observations), then the observation bytes as they are. Not a public format:
 * both sides ship in one build (the public wire is docs/serve-protocol.md).
 */
import type { ServeCommand, ServeReply } from './protocol';

/** A command as the text message Node sends. */
export function encodeCommand(c: ServeCommand): string {
  return JSON.stringify(c.type === 'step' ? { type: 'step', actions: Array.from(c.actions) } : c);
}

/** A text message from Node as a command; Error when it is not one. */
export function decodeCommand(text: string): ServeCommand {
  const c = JSON.parse(text) as { type?: unknown; seed?: unknown; actions?: unknown };
  switch (c.type) {
    case 'reset':
      if (typeof c.seed !== 'number') break;
      return { type: 'reset', seed: c.seed };
    case 'step':
      if (!Array.isArray(c.actions)) break;
      return { type: 'step', actions: Int32Array.from(c.actions as number[]) };
    case 'release':
    case 'stop':
      return { type: c.type };
  }
  throw new Error(`serve link: not a command: ${text.slice(0, 200)}`);
}

/** A reply as the binary message the page sends. */
export function encodeReply(r: ServeReply): Uint8Array {
  let observations: Uint8Array | null = null;
  let header: unknown = r;
  if (r.type === 'obs') {
    observations = r.observations;
    header = { type: 'obs', pageMs: r.pageMs };
  } else if (r.type === 'step') {
    const { observations: obs, rewards, terminated, truncated, ...rest } = r;
    observations = obs;
    header = { ...rest, rewards: Array.from(rewards), terminated: Array.from(terminated), truncated: Array.from(truncated) };
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + json.length + (observations?.length ?? 0));
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  if (observations !== null) out.set(observations, 4 + json.length);
  return out;
}

/** A binary message from the page as a reply (its observations a view of `bytes`). */
export function decodeReply(bytes: Uint8Array): ServeReply {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Record<string, unknown> & { type: ServeReply['type'] };
  const observations = bytes.subarray(4 + length);
  if (header.type === 'obs') return { ...header, type: 'obs', observations };
  if (header.type === 'step') {
    return {
      ...(header as unknown as Omit<Extract<ServeReply, { type: 'step' }>, 'rewards' | 'terminated' | 'truncated' | 'observations'>),
      type: 'step',
      rewards: Float32Array.from(header.rewards as number[]),
      terminated: Uint8Array.from(header.terminated as number[]),
      truncated: Uint8Array.from(header.truncated as number[]),
      observations,
    };
  }
  return header as unknown as ServeReply;
}
