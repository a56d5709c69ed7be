// `npm start`: builds the package (rollup) and the browser demos (scripts/build_demos.mjs), then
// serves the repository root on 127.0.0.1 with the COOP/COEP headers that make the pages
// cross-origin isolated (scripts/serve.mjs), prints the demos' address and serves until Ctrl-C.
// Usage: npm start [-- --port N]   (or PORT=N npm start; default 8080, the next free one if taken)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemos } from './build_demos.mjs';
import { serveStatic } from './serve.mjs';

const root = new URL('..', import.meta.url).pathname;
const DEFAULT_PORT = 8080;
/** Ports tried after the default when it is taken (an explicit port is never swapped). */
const FALLBACK_PORTS = 10;

function portOption() {
  const at = process.argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = at < 0 ? process.env.PORT : process.argv[at].includes('=') ? process.argv[at].split('=')[1] : process.argv[at + 1];
  if (raw === undefined || raw === '') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port / PORT must be an integer 0..65535 (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return port;
}

async function listen(asked) {
  const candidates = asked === null ? Array.from({ length: FALLBACK_PORTS + 1 }, (_, i) => DEFAULT_PORT + i) : [asked];
  for (const port of candidates) {
    try {
      return await serveStatic({ root, port });
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || port === candidates.at(-1)) throw e;
    }
  }
  throw new Error('unreachable');
}

const asked = portOption();
console.log('== build the package (rollup)');
const rollup = spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
if (rollup.status !== 0) process.exit(rollup.status ?? 1);
console.log('== build the demos (esbuild)');
const names = await buildDemos({ root });
console.log(`   ${names.join(', ')} -> build/demos/`);
const { server, origin } = await listen(asked);
console.log(`\nDemos: ${origin}/demos/index.html`);
for (const n of names) {
  console.log(`  ${n}: ${origin}/demos/${n}/index.html`);
  // A demo with a ship page also plays a shipped policy with pixelpilot/play.
  if (existsSync(join(root, 'demos', n, 'ship.html'))) console.log(`  ${n} (shipped bot): ${origin}/demos/${n}/ship.html`);
}
console.log('\nServing the repository root on 127.0.0.1 (COOP/COEP set); Ctrl-C to stop.');
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
