import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { tf } from '../../src/backend/tf';
import { encodePolicyFile } from '../../src/store/policy_file';
import { loadPolicy, loadPolicyArtifacts, savePolicy } from '../../src/store/policy_store';
import { StorageError } from '../../src/util/errors';
import { makePolicy, plain, type TestPolicy } from './policy_fixture';

let policy: TestPolicy;
let file: Uint8Array;
let server: Server;
let base: string;
let dir: string;

before(async () => {
  policy = await makePolicy(7, 77);
  file = encodePolicyFile(policy.artifacts);
  dir = await mkdtemp(join(tmpdir(), 'pixelpilot-store-'));
  server = createServer((req, res) => {
    switch (req.url) {
      case '/good.ppol':
        res.writeHead(200, { 'content-length': file.length }).end(file);
        return;
      case '/chunked.ppol': // no Content-Length: counted as it arrives
        res.writeHead(200);
        res.write(file.subarray(0, 100));
        res.end(file.subarray(100));
        return;
      case '/gzip.ppol': {
        const body = gzipSync(file);
        res.writeHead(200, { 'content-length': body.length, 'content-encoding': 'gzip' }).end(body);
        return;
      }
      case '/truncated.ppol': // promises the whole file, sends part, hangs up
        res.writeHead(200, { 'content-length': file.length });
        res.write(file.subarray(0, file.length - 100), () => res.socket?.destroy());
        return;
      case '/short-chunked.ppol': // ends cleanly, but the file is cut
        res.writeHead(200);
        res.end(file.subarray(0, file.length - 100));
        return;
      case '/huge.ppol': // announces far more than allowed; never sends it
        res.writeHead(200, { 'content-length': 10 * 1024 ** 3 });
        res.write(file.subarray(0, 10));
        return;
      case '/endless.ppol': // no Content-Length, more than allowed
        res.writeHead(200);
        for (let i = 0; i < 64; i++) res.write(new Uint8Array(4096));
        res.end();
        return;
      default:
        res.writeHead(404, 'Not Found').end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test('a policy loads from an http URL, plain, chunked or gzip-encoded', async () => {
  for (const path of ['/good.ppol', '/chunked.ppol', '/gzip.ppol']) {
    const contents = await loadPolicy(`${base}${path}`);
    assert.equal(contents.manifest.checksum, policy.checksum, path);
    assert.deepEqual(plain(contents.weights), policy.weights, path);
  }
  const artifacts = await loadPolicyArtifacts(`${base}/good.ppol`);
  assert.deepEqual(new Uint8Array(artifacts.weightData as ArrayBuffer), new Uint8Array(policy.artifacts.weightData as ArrayBuffer));
});

test('bad downloads are StorageErrors naming the URL and the problem', async () => {
  const fails = (path: string, message: RegExp, options?: { maxBytes: number }) =>
    assert.rejects(loadPolicyArtifacts(`${base}${path}`, options), (e) => e instanceof StorageError && e.message.startsWith(`${base}${path}: `) && message.test(e.message), path);
  await fails('/truncated.ppol', new RegExp(`broke off after \\d+ of ${file.length} bytes|truncated download: \\d+ of ${file.length} bytes`));
  await fails('/short-chunked.ppol', /weight data is \d+ bytes, the manifest lists \d+/);
  await fails('/huge.ppol', /Content-Length of 10737418240 bytes is over the limit of 268435456 \(maxBytes\)/);
  await fails('/good.ppol', new RegExp(`Content-Length of ${file.length} bytes is over the limit of 1000`), { maxBytes: 1000 });
  await fails('/endless.ppol', /the body is over the limit of 100000 bytes/, { maxBytes: 100_000 });
  await fails('/missing.ppol', /HTTP 404 Not Found/);
  await assert.rejects(loadPolicyArtifacts('http://127.0.0.1:1/x.ppol'), (e) => e instanceof StorageError && /the request failed/.test(e.message));
  await assert.rejects(savePolicy(`${base}/up.ppol`, policy.artifacts), (e) => e instanceof StorageError && /cannot save to an http\(s\) URL/.test(e.message));
  await assert.rejects(loadPolicyArtifacts('ftp://host/x.ppol'), (e) => e instanceof StorageError && /unsupported scheme "ftp:\/\/"/.test(e.message));
});

test('in Node a policy saves to and loads from a path or a file:// URL', async () => {
  const numTensors = tf.memory().numTensors;
  const path = join(dir, 'catch.ppol');
  const saved = await savePolicy(path, policy.artifacts);
  assert.equal(saved.checksum, policy.checksum);
  assert.deepEqual(new Uint8Array(await readFile(path)), file);
  for (const where of [path, pathToFileURL(path).href]) {
    const contents = await loadPolicy(where);
    assert.equal(contents.manifest.frames, 77);
    assert.deepEqual(plain(contents.weights), policy.weights);
  }
  assert.deepEqual(await readdir(dir), ['catch.ppol'], 'no temporary file left');
  assert.equal(tf.memory().numTensors, numTensors);
});

test('file problems are StorageErrors, and a failed save keeps the old file', async () => {
  const path = join(dir, 'keep.ppol');
  await savePolicy(path, policy.artifacts);
  const other = await makePolicy(8);
  const bad = { ...other.artifacts, modelTopology: { ...(other.artifacts.modelTopology as object), checksum: '0'.repeat(64) } };
  await assert.rejects(savePolicy(path, bad), (e) => e instanceof StorageError && /checksum mismatch/.test(e.message));
  await assert.rejects(savePolicy(join(dir, 'no-such-dir', 'x.ppol'), other.artifacts), (e) => e instanceof StorageError && /cannot write the policy file \(no such file\)/.test(e.message));
  assert.equal((await loadPolicy(path)).manifest.checksum, policy.checksum);

  await assert.rejects(loadPolicy(join(dir, 'absent.ppol')), (e) => e instanceof StorageError && /absent\.ppol: cannot read the policy file \(no such file\)/.test(e.message));
  await assert.rejects(loadPolicy(path, { maxBytes: 100 }), (e) => e instanceof StorageError && new RegExp(`the file is ${file.length} bytes, over the limit of 100`).test(e.message));
  const cut = join(dir, 'cut.ppol');
  await writeFile(cut, file.subarray(0, file.length - 4));
  await assert.rejects(loadPolicy(cut), (e) => e instanceof StorageError && /cut\.ppol: weight data is \d+ bytes/.test(e.message));
  await rm(cut);
});

test('a browser bundle of the store does not pull in Node modules', async () => {
  const out = await build({
    entryPoints: [join(process.cwd(), 'src/store/policy_store.ts')], // the runner's cwd is the repository root
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    external: ['@tensorflow/*'],
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  assert.doesNotMatch(code, /from\s*["']node:|require\(["']node:|import\(["']node:/);
});
