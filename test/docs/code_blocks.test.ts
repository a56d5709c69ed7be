/**
 * The docs cannot rot: every code block in README.md and docs/*.md is checked against the built
 * package (dist/*.d.ts, as a game project sees it; `npm test` builds it first).
 * - ```ts / ```js blocks are complete modules, type-checked. Blocks whose first line is
 *   `// file: NAME` are files of one project per page (they may import each other).
 * - ```ts scene blocks are the body of an async `create()` of a Phaser scene with the plugin
 *   installed (`this.pixelpilot`); the scene's own fields are open (`this.anything`).
 * - ```json blocks that hold a spec (`agent`) resolve without a SpecError.
 * - ```sh lines that run `pixelpilot COMMAND` use a command and flags the CLI has.
 * - ```python blocks compile (Python's own parser: syntax only; their imports are not installed here).
 * Any other language is refused, so that nothing slips by unchecked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { resolveSpec } from '../../src/spec/index';
import { main } from '../../src/cli/main';

const ROOT = process.cwd();
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Block {
  page: string;
  line: number;
  lang: string;
  info: string;
  code: string;
}

function blocks(page: string): Block[] {
  const out: Block[] = [];
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    out.push({ page, line: start + 1, lang: open[1]!, info: open[2]!.trim(), code: body.join('\n') });
  }
  return out;
}

const ALL = PAGES.flatMap(blocks);

/** The wrapper of a `ts scene` block. */
const sceneModule = (code: string): string => `import Phaser from 'phaser';
import { createAgent, loadAgent, presets, trainGame, playGame, listPolicies, deletePolicy, PixelpilotPlugin, SpecError, StorageError, ShapeError } from 'pixelpilot';
import { loadBot } from 'pixelpilot/play';
export class DocScene extends Phaser.Scene {
  [field: string]: any;
  async create(): Promise<void> {
${code}
  }
}
void [createAgent, loadAgent, presets, trainGame, playGame, listPolicies, deletePolicy, PixelpilotPlugin, SpecError, StorageError, ShapeError, loadBot];
`;

test('every code block is of a kind this test checks', () => {
  const unknown = ALL.filter((b) => !['ts', 'js', 'json', 'sh', 'python', ''].includes(b.lang) || (b.info !== '' && b.info !== 'scene'));
  assert.deepEqual(unknown.map((b) => `${b.page}:${b.line} \`\`\`${b.lang} ${b.info}`), []);
  assert.ok(ALL.some((b) => b.lang === 'ts'), 'the pages have TypeScript blocks');
});

test('every TypeScript and JavaScript block type-checks against the built package', () => {
  const dir = join(ROOT, 'build', 'docs-check');
  rmSync(dir, { recursive: true, force: true });
  const files: string[] = [];
  const where = new Map<string, string>();
  ALL.filter((b) => b.lang === 'ts' || b.lang === 'js').forEach((b, i) => {
    const named = /^\/\/ file: ([\w./-]+)/.exec(b.code);
    const page = b.page.replace(/[/.]/g, '_');
    const name = named !== null ? join(page, named[1]!) : `${page}/block_${i}.${b.lang}`;
    const file = join(dir, b.info === 'scene' ? name.replace(/\.js$/, '.ts') : name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, b.info === 'scene' ? sceneModule(b.code) : b.code);
    files.push(file);
    where.set(file, `${b.page}:${b.line}`);
  });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    esModuleInterop: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file ? `${where.get(d.file.fileName) ?? d.file.fileName} (+${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : '';
    return `${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  assert.deepEqual(problems, []);
});

test('every spec in a json block resolves', () => {
  for (const b of ALL.filter((x) => x.lang === 'json' && /"agent"/.test(x.code))) {
    assert.doesNotThrow(() => resolveSpec(b.code), `${b.page}:${b.line}`);
  }
});

test('every `pixelpilot` command line names a command and flags the CLI has', async () => {
  const printed: string[] = [];
  await main(['--help'], { log: (s) => printed.push(s), err: (s) => printed.push(s) });
  const usage = printed.join('\n');
  const lines = ALL.filter((b) => b.lang === 'sh').flatMap((b) => b.code.split('\n').map((l) => ({ l, at: `${b.page}:${b.line}` })));
  const wrong: string[] = [];
  for (const { l, at } of lines) {
    const m = /^\s*(?:npx )?pixelpilot (\w+)(.*)/.exec(l.replace(/#.*$/, ''));
    if (m === null) continue;
    const [, command, rest] = m;
    if (!new RegExp(`^  ${command} `, 'm').test(usage)) wrong.push(`${at}: no command ${command}`);
    for (const flag of rest!.match(/--[\w-]+/g) ?? []) if (!usage.includes(flag)) wrong.push(`${at}: ${command} has no ${flag}`);
  }
  assert.deepEqual(wrong, []);
});

test('every Python block compiles', () => {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  for (const b of ALL.filter((x) => x.lang === 'python')) {
    const r = spawnSync(python, ['-c', 'import sys; compile(sys.stdin.read(), "block", "exec")'], { input: b.code, encoding: 'utf8' });
    assert.equal(r.status, 0, `${b.page}:${b.line}: ${r.stderr}`);
  }
});
