/** A static file server on 127.0.0.1 (a secure context for the page; file:// is not) over one folder, for `train --game`. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

/** The file a request's URL names under `base`: null when the URL cannot be read (400), 'outside' when it leaves the folder (403). */
function fileOf(base: string, url: string | undefined): string | null | 'outside' {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return null;
  }
  const path = normalize(join(base, pathname));
  return path.startsWith(base) ? path : 'outside';
}

/** Serves `root` on a free port; resolves with the server and its origin. A malformed URL gets 400, a path outside `root` 403, a missing file 404. */
export function serveFolder(root: string): Promise<{ server: Server; origin: string }> {
  const base = normalize(root + sep);
  const server = createServer((req, res) => {
    const path = fileOf(base, req.url);
    if (path === null || path === 'outside') {
      res.writeHead(path === null ? 400 : 403).end();
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
