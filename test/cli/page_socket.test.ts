/**
 * The page link's WebSocket server (src/cli/page_socket.ts) from a client's side (ws's client
 * here; the page's own WebSocket speaks to it in test/browser/cli_serve.test.ts): it listens on
 * 127.0.0.1 at a secret path and refuses every other path, plain HTTP and a second connection;
 * binary and text messages go both ways whole (fragments joined); a message over the limit closes
 * the link; either side's close is a clean close that the owner hears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { WebSocket } from 'ws';
import { PageSocket, type PageSocketHandlers, type PageSocketOptions } from '../../src/cli/page_socket';

type Heard = { messages: { data: number[]; binary: boolean }[]; closes: number };

/** A listening PageSocket and what its owner heard. */
async function server(options?: PageSocketOptions): Promise<{ socket: PageSocket; heard: Heard; url: string }> {
  const heard: Heard = { messages: [], closes: 0 };
  const handlers: PageSocketHandlers = {
    onMessage: (data, binary) => heard.messages.push({ data: [...data], binary }),
    onClose: () => heard.closes++,
  };
  const socket = new PageSocket(handlers, options);
  return { socket, heard, url: await socket.listen() };
}

/** A client connected to `url`; rejects when the server refuses it. */
function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves when `ws` closed, with the close code it got. */
const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));

/** Waits until `ok()` holds (up to 2 s). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), 'waited 2 s');
}

test('listens on 127.0.0.1 at a secret path; another path, plain HTTP and a second connection are refused', async () => {
  const { socket, url } = await server();
  const other = await server();
  try {
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);
    assert.notEqual(new URL(url).pathname, new URL(other.url).pathname, 'each server has its own secret');
    assert.equal(socket.send('early'), false, 'nothing to send to before the page connects');
    const base = url.slice(0, url.lastIndexOf('/'));
    await assert.rejects(connect(`${base}/`));
    await assert.rejects(connect(`${base}${new URL(other.url).pathname}`));
    const status = await new Promise<number>((resolve, reject) => get(url.replace('ws:', 'http:'), (res) => resolve(res.statusCode ?? 0)).on('error', reject));
    assert.equal(status, 404);
    const page = await connect(url);
    await assert.rejects(connect(url), 'one page at a time');
    assert.equal(page.readyState, WebSocket.OPEN, 'the first connection stays up');
    page.close();
  } finally {
    socket.close();
    other.socket.close();
  }
});

test('binary and text messages both ways, whole; fragments are joined', async () => {
  const { socket, heard, url } = await server();
  try {
    const page = await connect(url);
    const got: { data: number[]; binary: boolean }[] = [];
    page.on('message', (data: Buffer, binary: boolean) => got.push({ data: [...data], binary }));
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 255);
    page.send(Uint8Array.from([1, 2, 3]));
    page.send('hi');
    page.send(big);
    page.send(Uint8Array.from([9]), { fin: false });
    page.send(Uint8Array.from([8, 7]), { fin: true });
    await until(() => heard.messages.length === 4);
    assert.deepEqual(heard.messages, [
      { data: [1, 2, 3], binary: true },
      { data: [...Buffer.from('hi')], binary: false },
      { data: [...big], binary: true },
      { data: [9, 8, 7], binary: true },
    ]);
    assert.equal(socket.send('{"type":"step"}'), true);
    assert.equal(socket.send(Uint8Array.from([4, 5])), true);
    await until(() => got.length === 2);
    assert.deepEqual(got, [
      { data: [...Buffer.from('{"type":"step"}')], binary: false },
      { data: [4, 5], binary: true },
    ]);
    page.close();
  } finally {
    socket.close();
  }
});

test('a message over the limit closes the link (1009) and the owner hears the close, not the message', async () => {
  const { socket, heard, url } = await server({ maxMessage: 1000 });
  try {
    const page = await connect(url);
    page.on('error', () => undefined);
    page.send(new Uint8Array(1000));
    page.send(new Uint8Array(1001));
    assert.equal(await closed(page), 1009);
    await until(() => heard.closes === 1);
    assert.deepEqual(heard.messages.map((m) => m.data.length), [1000]);
  } finally {
    socket.close();
  }
});

test('the page\'s close is answered and heard; then another page may connect; the server\'s close is a clean close (1001)', async () => {
  const { socket, heard, url } = await server();
  try {
    const first = await connect(url);
    first.close(1000);
    assert.equal(await closed(first), 1000, 'the server answered the close frame');
    await until(() => heard.closes === 1);
    assert.equal(socket.send('gone'), false);
    const second = await connect(url);
    const code = closed(second);
    socket.close();
    assert.equal(await code, 1001);
    await until(() => heard.closes === 2);
    assert.equal(socket.send('gone'), false);
  } finally {
    socket.close();
  }
});
