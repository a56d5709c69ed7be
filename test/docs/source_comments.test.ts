/**
 * Source comments name files that exist: a comment pointing at `decision_loop.ts` or
 * `docs/architecture.md` must not send a reader to a file that is not in the repository (four
 * comments used to point at a DESIGN.md that never was). Paths are tried from the repository root,
 * beside the file, and under src/; a bare file name must be some file's name in the repository.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const ROOT = process.cwd();
const SKIP = new Set(['node_modules', 'dist', 'build', '.git', 'test-artifacts']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    if (SKIP.has(n)) return [];
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Names a comment may use that are not ours: tfjs's own source files, and a user's example files. */
const NOT_OURS = new Set(['io/indexed_db.ts', 'adam.ts', './my_env.mjs', 'my_env.mjs', 'index.html', 'training.js', 'training.ts', 'game.ppol', 'spec.json']);

/** The text of the comments in a TypeScript file. */
function comments(text: string): string {
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => m[0]).join('\n');
}

test('every file a source comment names exists', () => {
  const files = walk(ROOT);
  const names = new Set(files.map((f) => basename(f)));
  const missing: string[] = [];
  for (const file of walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts'))) {
    for (const m of comments(readFileSync(file, 'utf8')).matchAll(/(?<![\w@/.-])((?:\.{1,2}\/)?(?:[\w-]+\/)*[\w-]+\.(?:ts|mts|mjs|md|json|html))\b/g)) {
      const name = m[1]!;
      if (NOT_OURS.has(name)) continue;
      const found = name.includes('/')
        ? [join(ROOT, name), join(dirname(file), name), join(ROOT, 'src', name)].some((p) => existsSync(p))
        : names.has(name);
      if (!found) missing.push(`${relative(ROOT, file)}: ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});
