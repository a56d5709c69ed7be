/**
 * A page's errors as the user's files say them: the stack frames of page.js (the bundle of the
 * training entry, phaser and the SDK) mapped back with esbuild's source map and Node's own
 * `module.SourceMap`, so that `train --game` prints `training.ts:40:9` and the line itself, not
 * `page.js:38211:15`. Frames in phaser, other packages and the SDK are told apart from the user's.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { GameError, PixelpilotError } from '../util/errors';
import type { PageError } from '../game/page/protocol';

/** One stack frame, mapped back to its source. */
export interface SourceFrame {
  /** The function's name as the stack gave it (null for a top-level frame). */
  fn: string | null;
  /** The source file: relative to the working directory when inside it, else absolute. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** A file of the user's own (not phaser, another package, the SDK or the page's stub). */
  user: boolean;
  /** The source line's text, when the map carries the source. */
  text: string | null;
}

/** A V8 stack line: `    at fn (url:line:col)` or `    at url:line:col`. */
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/;

/** The page's source map, and how to print what the page threw. */
export class PageSourceMap {
  private readonly map: SourceMap;
  private readonly texts = new Map<string, string[]>();

  /**
   * `payload`: page.js's map; `dir`: the folder page.js was written to (the map's sources are
   * relative to it); `sdkRoot`: this package's folder (its src/ and dist/ are the SDK's frames);
   * `stub`: the file name of the page's stub.
   */
  constructor(payload: SourceMapPayload, private readonly dir: string, private readonly sdkRoot: string, private readonly stub: string, private readonly cwd = process.cwd()) {
    this.map = new SourceMap(payload);
    payload.sources.forEach((source, i) => {
      const content = payload.sourcesContent?.[i];
      if (typeof content === 'string') this.texts.set(resolve(dir, source), content.split(/\r?\n/));
    });
  }

  /** The frames of `stack` that are in page.js, mapped (frames the map does not cover are left out). */
  frames(stack: string): SourceFrame[] {
    const out: SourceFrame[] = [];
    for (const line of stack.split('\n')) {
      const m = FRAME.exec(line);
      if (m === null || !/\/page\.js$/.test(m[2]!)) continue;
      const entry = this.map.findEntry(Number(m[3]) - 1, Number(m[4]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (entry.originalSource === undefined || entry.originalLine === undefined) continue;
      const abs = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : resolve(this.dir, entry.originalSource);
      const inside = relative(this.cwd, abs);
      const file = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : abs;
      // A module's top level runs in a function the bundler names after the file: no name then.
      const fn = m[1] === undefined || /[\\/]/.test(m[1]) ? null : m[1].replace(/^async /, '');
      out.push({ fn, file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, user: this.isUser(abs), text: this.texts.get(abs)?.[entry.originalLine] ?? null });
    }
    return out;
  }

  private isUser(abs: string): boolean {
    if (abs.split(sep).includes('node_modules')) return false;
    if (basename(abs) === this.stub) return false;
    const sdk = relative(this.sdkRoot, abs);
    return !(sdk.startsWith(`src${sep}`) || sdk.startsWith(`dist${sep}`));
  }

  /**
   * What the page threw, as the error the command exits with: a PixelpilotError keeps its code and
   * name (a GameError is the game's: exit 1); any other error with a frame in the user's files
   * becomes a GameError; the rest stays a plain Error (an internal error). The message ends with
   * where it was thrown: the user's frames (else the first frames), the line, and a hint for a
   * known trap.
   */
  toError(e: PageError): Error {
    const chain: PageError[] = [];
    for (let x: PageError | null = e; x !== null; x = x.cause) chain.push(x);
    const origin = [...chain].reverse().find((x) => x.stack !== null) ?? e;
    const frames = origin.stack === null ? [] : this.frames(origin.stack);
    const user = frames.filter((f) => f.user);
    // The user's frames; the SDK's only for an error of no known kind (an internal error, to report).
    const shown = (user.length > 0 ? user : e.code === null ? frames : []).slice(0, 4);
    const lines = shown.map((f) => `    at ${f.fn === null ? '' : `${f.fn} (`}${f.file}:${f.line}:${f.column}${f.fn === null ? '' : ')'}`);
    const first = user[0];
    if (first !== undefined && first.text !== null) {
      const n = String(first.line);
      const lead = first.text.length - first.text.trimStart().length;
      lines.push(`  ${n} | ${first.text.trimStart()}`, `  ${' '.repeat(n.length)} | ${' '.repeat(Math.max(0, first.column - 1 - lead))}^`);
    }
    if (first?.text?.includes('physics') === true && origin.name === 'TypeError') {
      lines.push("  hint: this.physics exists only when the game's config names a physics system: add physics: { default: 'arcade' } to the training entry's game");
    }
    const where = lines.length === 0 ? '' : `\n${lines.join('\n')}`;
    if (e.code !== null) return new PixelpilotError(e.code, `${e.message}${where}`, e.name);
    if (user.length > 0) return new GameError('uncaught', `${e.name}: ${e.message}${where}`);
    return new Error(`${e.name}: ${e.message}${where}`);
  }
}
