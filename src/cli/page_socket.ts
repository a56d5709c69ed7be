/**
 * Node's end of `pixelpilot serve`'s page link: a WebSocket server (the `ws` package) for one
 * known client, our own page in Chromium. An HTTP server on 127.0.0.1 whose one upgrade, on a
 * secret path, becomes the link: text and binary messages (fragments joined, pings answered by
 * `ws`), close. Every other request, path and second connection is refused.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';

/** The largest message the page may send (an observation batch is far below it). */
export const MAX_MESSAGE = 512 * 1024 * 1024;
/** How long a close waits for the page's close frame before it drops the connection, in ms. */
const CLOSE_TIMEOUT_MS = 1000;

/** What the link's owner hears. */
export interface PageSocketHandlers {
  onMessage(data: Buffer, binary: boolean): void;
  onClose(): void;
}

/** Options of a PageSocket (tests use a small limit). */
export interface PageSocketOptions {
  /** The largest message the page may send, in bytes (default MAX_MESSAGE); a larger one closes the link (1009). */
  maxMessage?: number;
}

/** The link's server: `url` for the page; `send` once it connected. */
export class PageSocket {
  /** ws://127.0.0.1:PORT/SECRET, once listening. */
  url = '';
  private socket: WebSocket | null = null;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly path = `/${randomBytes(16).toString('hex')}`;

  constructor(private readonly handlers: PageSocketHandlers, options: PageSocketOptions = {}) {
    // closeTimeout (ws >= 8.19) is not in @types/ws yet.
    const wsOptions: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.maxMessage ?? MAX_MESSAGE,
      closeTimeout: CLOSE_TIMEOUT_MS,
    };
    this.wss = new WebSocketServer(wsOptions);
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
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
    const ws = this.socket;
    if (ws === null || ws.readyState !== ws.OPEN) return false;
    ws.send(data, { binary: typeof data !== 'string' });
    return true;
  }

  /** Closes the link (a close frame; the connection drops after CLOSE_TIMEOUT_MS without the page's answer) and the server. */
  close(): void {
    this.socket?.close(1001, 'pixelpilot serve is stopping');
    this.socket = null;
    this.server.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (this.socket !== null || req.url !== this.path) {
      socket.destroy();
      return;
    }
    // ws answers a bad handshake (no key, wrong version) with 400 and calls nothing; a good one
    // calls back at once (no verifyClient), so that no second upgrade can slip in between.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.socket = ws;
      ws.on('message', (data: Buffer, binary: boolean) => this.handlers.onMessage(data, binary));
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (this.socket === ws) this.socket = null;
        this.handlers.onClose();
      });
    });
  }
}
