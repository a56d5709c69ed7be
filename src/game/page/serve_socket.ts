/**
 * The page's end of `pixelpilot serve`'s page link: a WebSocket to Node on 127.0.0.1 (measured
 * ~6x faster per round trip than an exposed Playwright binding, whose arguments travel as base64
 * JSON over the DevTools protocol). The page sends each reply and waits for the next command.
 */
import { decodeCommand, encodeReply } from './serve_link_codec';
import type { ServeCommand, ServeReply } from './protocol';

/** Opens the link at `url`; resolves with the exchange: send a reply, resolve with the next command. Rejects when the link closes. */
export async function openServeSocket(url: string): Promise<(reply: ServeReply) => Promise<ServeCommand>> {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let waiting: { resolve: (c: ServeCommand) => void; reject: (e: Error) => void } | null = null;
  let closed: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error(`the page could not open its link to the command (${url})`));
  });
  socket.onmessage = (ev: MessageEvent) => {
    const w = waiting;
    waiting = null;
    if (w === null) return;
    try {
      w.resolve(decodeCommand(String(ev.data)));
    } catch (e) {
      w.reject(e as Error);
    }
  };
  socket.onclose = () => {
    closed = new Error('the link to the command closed');
    waiting?.reject(closed);
    waiting = null;
  };
  return (reply) => {
    if (closed !== null) return Promise.reject(closed);
    return new Promise<ServeCommand>((resolve, reject) => {
      waiting = { resolve, reject };
      socket.send(encodeReply(reply));
    });
  };
}
