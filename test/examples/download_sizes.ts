/**
 * What a player downloads: the files of a production build that a page (and its workers)
 * requested, with their gzipped sizes (zlib level 9, what a static host's precompression
 * gives; on-the-fly gzip at level 6 is a few % larger). Not a test file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One downloaded file. */
export interface DownloadedFile {
  path: string;
  kind: 'js' | 'wasm' | 'other';
  bytes: number;
  gzip: number;
}

/** The files of `dist` that `urls` (of `origin`) asked for, each once, largest first. */
export function downloadedFiles(dist: string, origin: string, urls: readonly string[]): DownloadedFile[] {
  const paths = new Set<string>();
  for (const u of urls) {
    if (!u.startsWith(origin)) continue; // blob:, data: and other origins
    let path = decodeURIComponent(new URL(u).pathname);
    if (path.endsWith('/')) path += 'index.html';
    paths.add(path);
  }
  const files: DownloadedFile[] = [];
  for (const path of paths) {
    const file = join(dist, path);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const ext = extname(path);
    const kind = ext === '.js' || ext === '.mjs' ? 'js' : ext === '.wasm' ? 'wasm' : 'other';
    files.push({ path, kind, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return files.sort((a, b) => b.gzip - a.gzip);
}

/**
 * Gzipped totals of a page: everything, the .wasm files, and everything less `phaserGzip` (what
 * Phaser alone weighs, see phaserGzip: bundlers put Phaser and tfjs-core in one shared chunk, so
 * the chunks cannot be split by library).
 */
export function totals(files: readonly DownloadedFile[], phaserGzip: number): { gzip: number; wasm: number; withoutPhaser: number } {
  let gzip = 0;
  let wasm = 0;
  for (const f of files) {
    gzip += f.gzip;
    if (f.kind === 'wasm') wasm += f.gzip;
  }
  return { gzip, wasm, withoutPhaser: gzip - phaserGzip };
}

/** Gzipped bytes of Phaser's own minified ESM build in `project` (what a game carries without pixelpilot). */
export function phaserGzip(project: string): number {
  return gzipSync(readFileSync(join(project, 'node_modules/phaser/dist/phaser.esm.min.js')), { level: 9 }).length;
}
