/**
 * Node's end of `pixelpilot serve`'s page link: the least of a WebSocket server (RFC 6455) that
 * one known client needs, our own page in Chromium: an HTTP server on 127.0.0.1 whose one upgrade,
 * on a secret path, becomes the link; text and binary messages (fragments joined), ping answered,
 * close. Everything else is refused. No dependency: Node has no WebSocket server of its own.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** The handshake's constant (RFC 6455, 1.3). */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The largest message the page may send (an observation batch is far below it). */
const MAX_MESSAGE = 512 * 1024 * 1024;

/** What the link's owner hears. */
export interface PageSocketHandlers {
  onMessage(data: Buffer, binary: boolean): void;
  onClose(): void;
}

/** The `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

/** A server frame (never masked) of `opcode` around `payload`. */
export function wsFrame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = n;
  else if (n < 65536) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  out.set(payload, head);
  return out;
}

/**
 * Reads client frames (masked, as RFC 6455 requires) from a byte stream; calls `frame(opcode,
 * fin, payload)` for each. Error for an unmasked or oversized frame.
 */
export class WsReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly frame: (opcode: number, fin: boolean, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      if ((b[1]! & 0x80) === 0) throw new Error('page link: an unmasked frame from the page');
      let n = b[1]! & 0x7f;
      let at = 2;
      if (n === 126) {
        if (b.length < 4) return;
        n = b.readUInt16BE(2);
        at = 4;
      } else if (n === 127) {
        if (b.length < 10) return;
        n = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      if (n > MAX_MESSAGE) throw new Error(`page link: a frame of ${n} bytes`);
      if (b.length < at + 4 + n) return;
      const mask = b.subarray(at, at + 4);
      const payload = Buffer.from(b.subarray(at + 4, at + 4 + n));
      for (let i = 0; i < n; i++) payload[i]! ^= mask[i & 3]!;
      this.buffer = b.subarray(at + 4 + n);
      this.frame(b[0]! & 0x0f, (b[0]! & 0x80) !== 0, payload);
    }
  }
}

/** The link's server: `url` for the page; `send` once it connected. */
export class PageSocket {
  /** ws://127.0.0.1:PORT/SECRET, once listening. */
  url = '';
  private socket: Duplex | null = null;
  private readonly server: Server;
  private readonly path = `/${randomBytes(16).toString('hex')}`;

  constructor(private readonly handlers: PageSocketHandlers) {
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on('upgrade', (req, socket) => this.upgrade(req, socket));
  }

  /** Listens on 127.0.0.1 (a free port). */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const a = this.server.address();
        resolve((this.url = `ws://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}${this.path}`));
      });
    });
  }

  /** Sends a text (string) or binary message; false when the page is not connected. */
  send(data: string | Uint8Array): boolean {
    if (this.socket === null) return false;
    this.socket.write(typeof data === 'string' ? wsFrame(0x1, Buffer.from(data, 'utf8')) : wsFrame(0x2, data));
    return true;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.server.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (this.socket !== null || req.url !== this.path || typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
    let parts: Buffer[] = [];
    let opcode = 0;
    const reader = new WsReader((op, fin, payload) => {
      if (op === 0x8) {
        socket.end(wsFrame(0x8, new Uint8Array(0)));
        return;
      }
      if (op === 0x9) {
        socket.write(wsFrame(0xa, payload));
        return;
      }
      if (op === 0xa) return;
      if (op !== 0) opcode = op;
      parts.push(payload);
      if (!fin) return;
      const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      parts = [];
      this.handlers.onMessage(data, opcode === 0x2);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.handlers.onClose();
    });
  }
}
