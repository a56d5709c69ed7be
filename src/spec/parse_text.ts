/**
 * Reads spec text: JSON plus what SLM Lab's own files use — `//` line comments, `/* *\/` block
 * comments and trailing commas. A hand-written parser (not strip-then-JSON.parse) so that every
 * failure carries the line:column of the offending character in the user's text.
 */
import { SpecError } from '../util/errors';

/** Deepest array/object nesting accepted; deeper input is an error, not a stack overflow. */
export const MAX_PARSE_DEPTH = 256;

class ParseFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * Parses JSON with comments and trailing commas. Duplicate keys are errors (JSON.parse would keep
 * the last one silently). Objects keep a key named `__proto__` as an ordinary own property.
 * @throws SpecError with one problem whose path is `line L, column C`.
 */
export function parseSpecText(text: string): unknown {
  const p = new Parser(text);
  try {
    p.skip();
    const value = p.value(0);
    p.skip();
    if (p.pos < text.length) p.fail('unexpected text after the end of the spec');
    return value;
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    throw new SpecError([{ path: `line ${line}, column ${column}`, message: e.message }]);
  }
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(message: string, at = this.pos): never {
    throw new ParseFailure(at, message);
  }

  private shown(): string {
    if (this.pos >= this.s.length) return 'the end of the text';
    return `'${this.s[this.pos]}'`;
  }

  /** Skips whitespace and comments. */
  skip(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') {
        this.pos++;
      } else if (c === '/' && s[this.pos + 1] === '/') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_PARSE_DEPTH) this.fail(`nesting deeper than ${MAX_PARSE_DEPTH} levels`);
    const c = this.s[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    if (/^(NaN|Infinity|None|True|False)/.test(this.s.slice(this.pos, this.pos + 8))) {
      this.fail(`${this.s.slice(this.pos).match(/^\w+/)![0]} is not JSON (use a number, true, false or null)`);
    }
    if (c === "'") this.fail("strings must use double quotes");
    return this.fail(`expected a value but found ${this.shown()}`);
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++;
    this.skip();
    while (this.s[this.pos] !== '}') {
      if (this.s[this.pos] !== '"') {
        this.fail(`expected a double-quoted key or '}' but found ${this.shown()}`);
      }
      const keyAt = this.pos;
      const key = this.string();
      if (seen.has(key)) this.fail(`duplicate key "${key}"`, keyAt);
      seen.add(key);
      this.skip();
      if (this.s[this.pos] !== ':') this.fail(`expected ':' after key "${key}" but found ${this.shown()}`);
      this.pos++;
      this.skip();
      // defineProperty: a key "__proto__" stays data instead of replacing the prototype.
      Object.defineProperty(out, key, {
        value: this.value(depth + 1),
        writable: true,
        enumerable: true,
        configurable: true,
      });
      this.skip();
      if (this.s[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.s[this.pos] !== '}') {
        this.fail(`expected ',' or '}' but found ${this.shown()}`);
      }
    }
    this.pos++;
    return out;
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skip();
    while (this.s[this.pos] !== ']') {
      if (this.pos >= this.s.length) this.fail("expected a value or ']' but found the end of the text");
      out.push(this.value(depth + 1));
      this.skip();
      if (this.s[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.s[this.pos] !== ']') {
        this.fail(`expected ',' or ']' but found ${this.shown()}`);
      }
    }
    this.pos++;
    return out;
  }

  private string(): string {
    const start = this.pos;
    let out = '';
    this.pos++;
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unterminated string', start);
      const c = this.s[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\n' || c < ' ') this.fail('control character or line break inside a string');
      if (c === '\\') {
        const e = this.s[this.pos + 1];
        if (e === 'u') {
          const hex = this.s.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape in a string');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          this.pos += 2;
        } else {
          this.fail(`bad escape '\\${e ?? ''}' in a string`);
        }
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private number(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.pos, this.pos + 400));
    if (!m) this.fail(`bad number starting at ${this.shown()}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }
}
