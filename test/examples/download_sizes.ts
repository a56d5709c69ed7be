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
  /** The Phaser chunk (its VERSION string is in it), reported apart: the game brings it anyway. */
  phaser: boolean;
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
    const phaser = kind === 'js' && /VERSION\s*:\s*["']4\.\d+\.\d+["']/.test(body.toString('latin1'));
    files.push({ path, kind, phaser, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return files.sort((a, b) => b.gzip - a.gzip);
}

/** Gzipped totals: all of it, and without the Phaser chunk. */
export function totals(files: readonly DownloadedFile[]): { gzip: number; gzipWithoutPhaser: number; wasm: number } {
  let gzip = 0;
  let phaser = 0;
  let wasm = 0;
  for (const f of files) {
    gzip += f.gzip;
    if (f.phaser) phaser += f.gzip;
    if (f.kind === 'wasm') wasm += f.gzip;
  }
  return { gzip, gzipWithoutPhaser: gzip - phaser, wasm };
}
