/** The file server of `train --game` (src/cli/static_server.ts): files, and the requests it must refuse without throwing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFolder } from '../../src/cli/static_server';

/** GETs a raw path (sent as it is, not normalised by a URL parser); resolves with the status and body. */
function get(origin: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the file server answers a malformed URL with 400, a path outside its folder with 403, and goes on serving', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-serve-'));
  writeFileSync(join(dir, 'page.js'), 'export {};\n');
  const { server, origin } = await serveFolder(dir);
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => void uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    assert.equal((await get(origin, '/%E0%A4%A')).status, 400);
    assert.equal((await get(origin, '/%')).status, 400);
    assert.equal((await get(origin, '/..%2F..%2Fetc%2Fpasswd')).status, 403);
    assert.equal((await get(origin, '/missing.js')).status, 404);
    const ok = await get(origin, '/page.js');
    assert.deepEqual(ok, { status: 200, body: 'export {};\n' });
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', onUncaught);
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
