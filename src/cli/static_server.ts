/** A static file server on 127.0.0.1 (a secure context for the page; file:// is not) over one folder, for `train --game`. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

/** Serves `root` on a free port; resolves with the server and its origin. */
export function serveFolder(root: string): Promise<{ server: Server; origin: string }> {
  const base = normalize(root + sep);
  const server = createServer((req, res) => {
    const path = normalize(join(base, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    readFile(path).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}` });
    });
  });
}
