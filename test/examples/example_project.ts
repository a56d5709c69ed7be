/**
 * The package as a user gets it: the repository packed with `npm pack` (after its build), and an
 * example project copied to a temp folder with the tarball installed by `npm install`, as a user
 * would. Also the sizes of both. Not a test file.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run_command';

/** The packed package. */
export interface PackedPackage {
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  /** Bytes of its files unpacked. */
  unpackedSize: number;
  files: number;
  seconds: number;
}

/**
 * `npm pack` of `root` into `dest`, of the package as built. `npm test` has just built it, so the
 * pack skips the `prepack` build (which a plain `npm pack` runs) instead of doing it twice; run
 * `npm run build` first when running this suite alone.
 */
export async function packRepository(root: string, dest: string): Promise<PackedPackage> {
  const t0 = performance.now();
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const packed = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], root, 600_000);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const json = packed.output.slice(packed.output.indexOf('[\n'));
  const [info] = JSON.parse(json) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  return {
    tarball: join(dest, info!.filename),
    size: info!.size,
    unpackedSize: info!.unpackedSize,
    files: info!.entryCount,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Copies `examples/<name>` without installed or built files (node_modules, dist, lock file). */
export function copyExample(root: string, name: string, dest: string): string {
  const from = join(root, 'examples', name);
  const to = join(dest, name);
  cpSync(from, to, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|package-lock\.json)$/.test(src),
  });
  return to;
}

/** `npm install <tarball>` in a copied example: its own dependencies plus the package, from the registry. */
export async function installTarball(project: string, tarball: string): Promise<{ seconds: number }> {
  const r = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], project, 600_000);
  if (r.code !== 0) throw new Error(`npm install ${tarball} failed in ${project}:\n${r.output}`);
  return { seconds: r.seconds };
}

function folderBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      const sub = folderBytes(p);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += st.size;
      files++;
    }
  }
  return { bytes, files };
}

/** Installed bytes of node_modules/pixelpilot, and of it plus every package it brought (its dependency closure). */
export function installSize(project: string): { pixelpilot: number; withDependencies: number; packages: string[] } {
  const nm = join(project, 'node_modules');
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !existsSync(join(nm, name, 'package.json'))) return;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(nm, name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep);
  };
  visit('pixelpilot');
  let total = 0;
  for (const name of seen) total += folderBytes(join(nm, name)).bytes;
  return { pixelpilot: folderBytes(join(nm, 'pixelpilot')).bytes, withDependencies: total, packages: [...seen].sort() };
}
