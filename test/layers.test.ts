/**
 * The layers of src/ (docs/architecture.md, "Layers"): a file imports from its own folder and from
 * folders of a lower layer only. The table is read from the doc itself, so the doc and the rule
 * cannot drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');

/** folder -> layer, from the doc's table (rows `| n | \`a\`, \`b\` | ... |`). */
function layersFromDoc(): Map<string, number> {
  const doc = readFileSync('docs/architecture.md', 'utf8');
  const section = doc.split('## Layers')[1]!.split('\n## ')[0]!;
  const layers = new Map<string, number>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|([^|]*)\|/.exec(line);
    if (m === null) continue;
    for (const f of m[2]!.matchAll(/`([a-z_]+)`/g)) layers.set(f[1]!, Number(m[1]));
  }
  return layers;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The folder of src/ a file is in ('' for the entry points at the root). */
const folderOf = (file: string): string => {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : '';
};

/** Every relative module a file imports (static, dynamic, re-exports, side-effect imports), resolved to a file or folder. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;
  for (const m of text.matchAll(re)) found.push(resolve(dirname(file), m[1]!));
  return found;
}

test('docs/architecture.md places every folder of src/ in a layer', () => {
  const layers = layersFromDoc();
  const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
  assert.deepEqual(folders.filter((f) => !layers.has(f)), [], 'folders missing from the Layers table');
  assert.deepEqual([...layers.keys()].filter((f) => !folders.includes(f)), [], 'the table names folders that do not exist');
});

test('no import in src/ goes up a layer or sideways into another folder of its layer', () => {
  const layers = layersFromDoc();
  const top = Math.max(...layers.values()) + 1;
  const rank = (folder: string): number => (folder === '' ? top : layers.get(folder) ?? -1);
  const wrong: string[] = [];
  for (const file of walk(SRC)) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = target.startsWith(SRC + '/') || target === SRC ? folderOf(existsSync(target) && statSync(target).isDirectory() ? join(target, 'x') : target) : '(outside src)';
      if (to === from) continue;
      if (to === '(outside src)' || rank(to) >= rank(from)) {
        wrong.push(`${relative('.', file)} (${from || 'root'}, layer ${rank(from)}) imports ${relative('.', target)} (${to || 'root'}, layer ${rank(to)})`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
