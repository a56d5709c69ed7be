/**
 * In a real browser (Debian's headless Chromium), every net kind trains on WebGPU where the browser
 * offers an adapter, and on WASM, with gradients that agree with the cpu backend; 'auto' picks
 * WebGPU first. Where no adapter exists, the selection must say it fell back and why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';

interface PageResult {
  error?: string;
  adapter: boolean;
  fallback: boolean;
  auto: { backend: string; attempts: { backend: string; reason: string }[] };
  results: { name: string; webgpu: { error: number; param: string }; wasm: { error: number; param: string }; leaked: number[] }[];
}

test('nets train on WebGPU and WASM in Chromium with gradients that agree with cpu', { timeout: 600_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/webgpu_nets.page.js', 540_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    if (r.adapter && !r.fallback) {
      assert.equal(r.auto.backend, 'webgpu', 'auto must choose WebGPU on a hardware adapter');
    } else {
      // No adapter, or only a software one (SwiftShader here): auto passes WebGPU over and says why.
      assert.equal(r.auto.backend, 'wasm');
      assert.equal(r.auto.attempts[0]?.backend, 'webgpu');
      assert.match(r.auto.attempts[0]!.reason, r.adapter ? /software fallback/ : /adapter|navigator\.gpu/);
    }
    assert.equal(r.results.length, 10, 'the 7 net cases and the 3 demos\' nets');
    for (const c of r.results) {
      assert.deepEqual(c.leaked, [0, 0, 0], `${c.name}: tensors leaked`);
      assert.ok(c.wasm.error < 1e-4, `${c.name} wasm: ${c.wasm.param} relative error ${c.wasm.error}`);
      if (r.adapter) assert.ok(c.webgpu.error < 1e-4, `${c.name} webgpu: ${c.webgpu.param} relative error ${c.webgpu.error}`);
    }
    console.log(JSON.stringify({ adapter: r.adapter, fallback: r.fallback, auto: r.auto }));
    if (!r.adapter) console.log(`no WebGPU adapter in this browser: WebGPU gradients not compared; auto fell back to ${r.auto.backend} because ${r.auto.attempts[0]?.reason}`);
    console.log(JSON.stringify(r.results.map((c) => [c.name, c.webgpu.error.toExponential(1), c.wasm.error.toExponential(1)])));
  } finally {
    await browser.close();
    server.close();
  }
});
