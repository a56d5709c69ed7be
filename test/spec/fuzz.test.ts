// Randomly corrupted real specs produce SpecErrors (each problem with a path) or a valid
// resolved spec — never another exception — and the input is never modified. Seeded: the same
// cases every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpecText, resolveSpec, specNames } from '../../src/spec/index';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { slmSpecFiles, slmSpecText } from './spec_fixtures';

type Json = unknown;
type Container = Record<string, Json> | Json[];

const bodies: Record<string, Json>[] = [];
const texts: string[] = [];
for (const file of slmSpecFiles()) {
  const text = slmSpecText(file);
  texts.push(text);
  const parsed = parseSpecText(text) as Record<string, Record<string, Json>>;
  for (const name of specNames(parsed)) bodies.push(parsed[name]!);
}

function nested(depth: number, asArray: boolean): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { agent: v };
  return v;
}

function randomString(rng: Rng): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz_ ${}[].0123456789ÄΩ\u0000"\\';
  return Array.from({ length: 1 + rng.int(24) }, () => chars[rng.int(chars.length)]).join('');
}

/** A replacement value: wrong types, bad numbers, huge or deep structures. */
function junk(rng: Rng, original: Json): Json {
  const pick = rng.int(22);
  switch (pick) {
    case 0: return null;
    case 1: return NaN;
    case 2: return rng.int(2) ? Infinity : -Infinity;
    case 3: return -1 - rng.int(100);
    case 4: return 0;
    case 5: return 10 ** (6 + rng.int(12));
    case 6: return rng.uniform() * 10 - 5;
    case 7: return '';
    case 8: return randomString(rng);
    case 9: return rng.int(2) === 1;
    case 10: return [];
    case 11: return {};
    case 12: return [null, 'x', -1];
    case 13: return nested(500 + rng.int(3000), rng.int(2) === 1);
    case 14: return Array.from({ length: 5000 }, () => 1e9);
    case 15: return [original, original];
    case 16: return [original];
    case 17: return original !== null && typeof original === 'object' ? Object.values(original) : { value: original };
    case 18: return typeof original === 'number' ? -original : typeof original === 'string' ? original.toUpperCase() + 'x' : null;
    case 19: return { name: randomString(rng) };
    case 20: return cloneJson(bodies[rng.int(bodies.length)]);
    default: return [[0, 0, 0, 0, 0], [1e9, -3, 'same', 'valid', [1, 2, 3]]];
  }
}

/** Every container in `root` with its keys, as mutation sites. */
function sites(root: Container): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const stack: Container[] = [root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    const keys: (string | number)[] = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
    for (const k of keys) {
      out.push({ parent: c, key: k });
      const v = (c as Record<string, Json>)[k as string];
      if (v !== null && typeof v === 'object') stack.push(v as Container);
    }
  }
  return out;
}

function mutate(rng: Rng, root: Record<string, Json>): void {
  const all = sites(root);
  const { parent, key } = all[rng.int(all.length)]!;
  const p = parent as Record<string, Json>;
  const action = rng.int(10);
  if (action === 0 && !Array.isArray(parent)) delete p[key as string];
  else if (action === 1 && !Array.isArray(parent)) p[`${key}_${randomString(rng)}`] = junk(rng, null);
  else if (action === 2 && !Array.isArray(parent)) {
    Object.defineProperty(parent, '__proto__', { value: junk(rng, null), enumerable: true, configurable: true, writable: true });
  } else p[key as string] = junk(rng, p[key as string]);
}

/** Deep copy without recursion, keeping NaN / Infinity and own "__proto__" keys. */
function cloneJson(v: Json): Json {
  if (v === null || typeof v !== 'object') return v;
  const root: Container = Array.isArray(v) ? [] : {};
  const stack: [Json, Container][] = [[v, root]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    for (const k of Object.keys(src as object)) {
      const x = Object.getOwnPropertyDescriptor(src, k)!.value as Json;
      let copy: Json = x;
      if (x !== null && typeof x === 'object') {
        copy = Array.isArray(x) ? [] : {};
        stack.push([x, copy as Container]);
      }
      Object.defineProperty(dst, k, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** Deep equality without recursion (cases nest thousands of levels); NaN equals NaN. */
function sameJson(a: Json, b: Json): boolean {
  const stack: [Json, Json][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (Object.is(x, y)) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
    for (const k of kx) {
      const dx = Object.getOwnPropertyDescriptor(x, k)!.value as Json;
      const dy = Object.getOwnPropertyDescriptor(y, k)!.value as Json;
      stack.push([dx, dy]);
    }
  }
  return true;
}

function checkOutcome(run: () => unknown): 'ok' | 'spec_error' {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    assert.ok(e.problems.length > 0);
    for (const p of e.problems) {
      assert.equal(typeof p.path, 'string');
      assert.ok(p.path.length > 0, `empty path in: ${e.message.slice(0, 300)}`);
      assert.ok(p.message.length > 0);
    }
    return 'spec_error';
  }
}

test('1,400 corrupted spec objects give only SpecErrors with paths (at least 1,000 of them), and are not modified', () => {
  const rng = new Rng(20240611);
  let errors = 0;
  for (let i = 0; i < 1400; i++) {
    const spec = cloneJson(bodies[rng.int(bodies.length)]!) as Record<string, Json>;
    const n = 1 + rng.int(3);
    for (let m = 0; m < n; m++) mutate(rng, spec);
    const raw = rng.int(4) === 0 ? { fuzzed: spec, other: spec } : spec;
    const before = cloneJson(raw);
    const outcome = checkOutcome(() => resolveSpec(raw, raw === spec ? {} : { name: 'fuzzed' }));
    if (outcome === 'spec_error') errors++;
    assert.ok(sameJson(raw, before), `case ${i} modified its input`);
  }
  // Most corruptions must be caught; the rest hit ignored keys (search, body, meta.max_trial...)
  // or optional keys whose removal is valid.
  assert.ok(errors >= 1000, `only ${errors} of 1400 corruptions were rejected`);
});

test('300 corrupted spec texts give only SpecErrors with paths', () => {
  const rng = new Rng(7);
  let errors = 0;
  for (let i = 0; i < 300; i++) {
    const chars = [...texts[rng.int(texts.length)]!];
    for (let m = 0; m < 1 + rng.int(3); m++) {
      const at = rng.int(chars.length);
      const edit = rng.int(3);
      if (edit === 0) chars.splice(at, 1);
      else if (edit === 1) chars.splice(at, 0, '{}[],:"/*-.e0x'[rng.int(14)]!);
      else chars[at] = String.fromCharCode(32 + rng.int(95));
    }
    const text = chars.join('');
    if (checkOutcome(() => resolveSpec(text, { name: specNames(text)[0]! })) === 'spec_error') errors++;
  }
  assert.ok(errors > 100, `only ${errors} of 300 text corruptions were rejected`);
});
