/**
 * The bytes of `pixelpilot serve`'s wire protocol, version 1 (docs/serve-protocol.md): every
 * message is a frame (u32 LE length of what follows, u8 type, payload), JSON is UTF-8, numbers
 * are little-endian, observations raw uint8. Reading frames from a stream and writing each
 * server message; nothing here knows about sockets or the game.
 */
import { ServeError, type ServeErrorCode } from '../util/errors';

/** The protocol version HELLO and WELCOME carry. */
export const SERVE_PROTOCOL = 1;

/** The most bytes a client frame may hold after its length field (type + payload): 1 MiB. */
export const MAX_CLIENT_FRAME = 1024 * 1024;

/** Message types, by name. */
export const MESSAGE = {
  HELLO: 1,
  WELCOME: 2,
  RESET: 3,
  OBS: 4,
  STEP: 5,
  STEP_RESULT: 6,
  CLOSE: 7,
  ERROR: 255,
} as const;

/** One frame as read. */
export interface Frame {
  type: number;
  payload: Buffer;
}

/**
 * Cuts a byte stream into frames. ServeError 'too-large' as soon as a length field says more than
 * `max` bytes (before they arrive), 'bad-message' for a frame with no type byte.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly max = MAX_CLIENT_FRAME) {}

  /** Takes the next chunk of the stream; returns the frames it completed, in order. */
  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32LE(0);
      if (length > this.max) throw new ServeError('too-large', `a message of ${length} bytes (the most a client may send is ${this.max})`);
      if (length === 0) throw new ServeError('bad-message', 'a message of length 0 (it must hold at least its type byte)');
      if (this.buffer.length < 4 + length) break;
      frames.push({ type: this.buffer[4]!, payload: this.buffer.subarray(5, 4 + length) });
      this.buffer = this.buffer.subarray(4 + length);
    }
    return frames;
  }
}

/** A frame of `type` around `parts`, in one buffer. */
export function frame(type: number, ...parts: readonly Uint8Array[]): Buffer {
  const size = parts.reduce((s, p) => s + p.length, 0);
  const out = Buffer.allocUnsafe(5 + size);
  out.writeUInt32LE(1 + size, 0);
  out[4] = type;
  let at = 5;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A frame whose payload is `value` as JSON. */
export function jsonFrame(type: number, value: unknown): Buffer {
  return frame(type, Buffer.from(JSON.stringify(value), 'utf8'));
}

/** An ERROR frame. */
export function errorFrame(code: ServeErrorCode, message: string): Buffer {
  return jsonFrame(MESSAGE.ERROR, { code, message });
}

/** `u32 json_len` + the JSON's bytes. */
function lengthPrefixedJson(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const out = Buffer.allocUnsafe(4 + json.length);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  return out;
}

/** OBS: infos JSON, then every env's observation bytes. */
export function obsFrame(infos: unknown, observations: Uint8Array): Buffer {
  return frame(MESSAGE.OBS, lengthPrefixedJson(infos), observations);
}

/** What STEP_RESULT carries. */
export interface StepResult {
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos: unknown;
  observations: Uint8Array;
}

/** STEP_RESULT: N f32 rewards, N u8 terminated, N u8 truncated, infos JSON, observations. */
export function stepResultFrame(r: StepResult): Buffer {
  const rewards = Buffer.allocUnsafe(4 * r.rewards.length);
  r.rewards.forEach((x, i) => rewards.writeFloatLE(x, 4 * i));
  return frame(MESSAGE.STEP_RESULT, rewards, r.terminated, r.truncated, lengthPrefixedJson(r.infos), r.observations);
}

/** A frame's payload as a JSON object; ServeError 'bad-message' naming `what` when it is not one. */
export function readJsonObject(payload: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    throw new ServeError('bad-message', `${what}: the payload is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ServeError('bad-message', `${what}: the payload must be a JSON object`);
  return value as Record<string, unknown>;
}

/** STEP's actions: exactly `envs` i32s; ServeError 'bad-message' for another size. */
export function readActions(payload: Buffer, envs: number): Int32Array {
  if (payload.length !== 4 * envs) throw new ServeError('bad-message', `STEP: the payload must be ${envs} i32 actions (${4 * envs} bytes), got ${payload.length} bytes`);
  const actions = new Int32Array(envs);
  for (let i = 0; i < envs; i++) actions[i] = payload.readInt32LE(4 * i);
  return actions;
}
