/**
 * What the built entries pull in when a page imports them (the static import graph, without the
 * chunks loaded later by import()): `pixelpilot` must load no tfjs on a training page's main
 * thread (training runs in the worker), and no browser entry may import a package a game's
 * bundler would have to resolve (everything but phaser is bundled in). Reads dist/ (npm test builds it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const DIST = join(process.cwd(), 'dist'); // the runner's cwd is the repository root

/** The files a static import of `entry` loads, and the bare specifiers they import. */
function staticGraph(entry: string): { files: string[]; bare: Set<string> } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) visit(normalize(join(dirname(file), spec)));
      else bare.add(spec);
    }
  };
  visit(join(DIST, entry));
  return { files: [...seen], bare };
}

/** Text only tfjs-core's engine has. */
const TFJS_MARKER = /_tfengine|registerKernel\(/;

test('pixelpilot loads no tfjs on the main thread: tfjs comes only with the worker script, loaded on demand', () => {
  const { files, bare } = staticGraph('index.js');
  assert.deepEqual([...bare], []);
  for (const f of files) assert.doesNotMatch(readFileSync(f, 'utf8'), TFJS_MARKER, `${f} carries tfjs`);
  const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.match(all, /import\(['"]\.\/(chunks\/)?[^'"]*trainer-worker[^'"]*['"]\)/, 'the worker script is a chunk loaded by import()');
});

test('every browser entry is self-contained: it imports no package (phaser at most)', () => {
  for (const entry of ['index.js', 'play.js', 'lab.js']) {
    const { bare } = staticGraph(entry);
    assert.deepEqual([...bare].filter((s) => !/^phaser(\/|$)/.test(s)), [], entry);
  }
  const { files } = staticGraph('play.js');
  assert.ok(files.some((f) => TFJS_MARKER.test(readFileSync(f, 'utf8'))), 'pixelpilot/play carries its own tfjs');
});

test('dist/ carries the trainer worker\'s script and the wasm binary once among the browser chunks (lab and index share the one, lab and play the other)', () => {
  const chunks = readdirSync(join(DIST, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(DIST, 'chunks', f), 'utf8'));
  // The wasm binary, base64 ("AGFzbQ" is "\0asm"), as a chunk of its own; the worker script carries a copy inside it.
  const wasm = chunks.filter((c) => /^export default "AGFzbQ/.test(c));
  assert.equal(wasm.length, 1, 'one wasm chunk');
  // The worker script as a string: a chunk whose whole body is one string literal of the script.
  const workers = chunks.filter((c) => /^(export default|var \w+ =) "\\"use strict\\";/.test(c));
  assert.equal(workers.length, 1, 'one worker-script chunk');
});
