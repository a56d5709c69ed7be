import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpecText, MAX_PARSE_DEPTH } from '../../src/spec/parse_text';
import { SpecError } from '../../src/util/errors';

function parseError(text: string): SpecError {
  try {
    parseSpecText(text);
  } catch (e) {
    assert.ok(e instanceof SpecError, `expected SpecError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a parse error');
}

describe('parseSpecText', () => {
  test('reads plain JSON like JSON.parse', () => {
    const text = '{"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "x\\n\\u0041"}}';
    assert.deepEqual(parseSpecText(text), JSON.parse(text));
  });

  test('accepts line and block comments and trailing commas', () => {
    const text = `{
      // a line comment
      "a": [1, 2, 3,], /* block
      comment */ "b": {"c": 1,},
    }`;
    assert.deepEqual(parseSpecText(text), { a: [1, 2, 3], b: { c: 1 } });
  });

  test('keeps // and /* inside strings', () => {
    const v = parseSpecText('{"url": "http://x/*y*/", "s": "a // b"} // tail');
    assert.deepEqual(v, { url: 'http://x/*y*/', s: 'a // b' });
  });

  test('reports the line and column of a parse failure', () => {
    const e = parseError('{\n  "a": 1,\n  "b": @\n}');
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0]!.path, 'line 3, column 8');
    assert.match(e.problems[0]!.message, /expected a value but found '@'/);
  });

  test('reports a missing comma with its location', () => {
    const e = parseError('{"a": 1\n "b": 2}');
    assert.equal(e.problems[0]!.path, 'line 2, column 2');
    assert.match(e.problems[0]!.message, /expected ',' or '}'/);
  });

  test('names Python literals and single quotes as not JSON', () => {
    assert.match(parseError('{"a": None}').message, /None is not JSON/);
    assert.match(parseError('{"a": NaN}').message, /NaN is not JSON/);
    assert.match(parseError("{'a': 1}").message, /double-quoted key/);
  });

  test('rejects unterminated strings and comments, and trailing text', () => {
    assert.match(parseError('{"a": "x').message, /unterminated string/);
    assert.match(parseError('{"a": 1} /* x').message, /unterminated \/\* comment/);
    assert.match(parseError('{"a": 1} 2').message, /unexpected text after the end/);
    assert.match(parseError('').message, /expected a value but found the end of the text/);
  });

  test('rejects duplicate keys with the position of the second', () => {
    const e = parseError('{"a": 1,\n "a": 2}');
    assert.equal(e.problems[0]!.path, 'line 2, column 2');
    assert.match(e.problems[0]!.message, /duplicate key "a"/);
  });

  test('deep nesting is an error, not a stack overflow', () => {
    const deep = '['.repeat(MAX_PARSE_DEPTH + 5) + ']'.repeat(MAX_PARSE_DEPTH + 5);
    assert.match(parseError(deep).message, /nesting deeper than/);
    const ok = '['.repeat(50) + ']'.repeat(50);
    assert.ok(Array.isArray(parseSpecText(ok)));
  });

  test('a "__proto__" key stays an own data property', () => {
    const v = parseSpecText('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
