/**
 * The safetensors reader: files PyTorch-side code wrote (fixtures/make_torch_import.py), the
 * dtype conversions, the writer's round trip, and a StorageError naming the tensor and the
 * problem for every kind of malformed file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { encodeSafetensors, MAX_SAFETENSORS_HEADER, readSafetensors, readSafetensorsHeader } from '../../src/store/safetensors';
import { StorageError } from '../../src/util/errors';
import { editHeader, leBytes, rawSafetensors } from './safetensors_bytes';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), 'test/store/fixtures', `${name}.safetensors`)));

/** Asserts `fn` throws a StorageError whose message contains every fragment. */
function assertStorageError(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StorageError, `expected StorageError, got ${String(e)}`);
    assert.equal(e.code, 'STORAGE_FAILED');
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

describe('reading files written by PyTorch-side code', () => {
  test('reads names, shapes, dtypes, metadata and values of a state_dict with BatchNorm', () => {
    const bytes = fixture('convnet_bn');
    const header = readSafetensorsHeader(bytes, 'convnet_bn');
    assert.deepEqual(header.metadata, { format: 'pt', source: 'make_torch_import.py' });
    assert.equal(header.dataStart % 8, 0);
    const tensors = readSafetensors(bytes, 'convnet_bn');
    assert.deepEqual([...tensors.keys()].slice(0, 4), ['conv_model.0.weight', 'conv_model.0.bias', 'conv_model.2.weight', 'conv_model.2.bias']);
    assert.deepEqual(tensors.get('conv_model.0.weight')!.shape, [4, 3, 3, 3]);
    assert.equal(tensors.get('conv_model.0.weight')!.data.length, 108);
    // The integer BatchNorm counter comes through as a float scalar: the script's shape probe
    // and its 4 training batches, all in train mode.
    const tracked = tensors.get('conv_model.4.num_batches_tracked')!;
    assert.deepEqual([tracked.dtype, tracked.shape, Array.from(tracked.data)], ['I64', [], [5]]);
    assert.ok(tensors.get('conv_model.4.running_var')!.data.every((v) => v > 0 && v !== 1));
  });

  test('reads from a view into a larger buffer (as Node hands files over)', () => {
    const bytes = fixture('mlp');
    const padded = new Uint8Array(bytes.length + 13);
    padded.set(bytes, 5);
    const a = readSafetensors(bytes, 'mlp');
    const b = readSafetensors(padded.subarray(5, 5 + bytes.length), 'mlp');
    assert.deepEqual([...b.entries()], [...a.entries()]);
  });
});

describe('dtypes', () => {
  test('converts F16, BF16, F64, integer and bool tensors to float32', () => {
    const f16 = [0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0x0000]; // 1, -2, ~1/3, smallest subnormal, inf, 0
    const bf16 = [0x3f80, 0xc0a0]; // 1, -5
    const data = leBytes(12 + 4 + 16 + 8 + 3 + 2, (v) => {
      f16.forEach((h, i) => v.setUint16(2 * i, h, true));
      bf16.forEach((h, i) => v.setUint16(12 + 2 * i, h, true));
      v.setFloat64(16, 0.1, true);
      v.setFloat64(24, -1e300, true);
      v.setBigInt64(32, -7n, true);
      [0, 7, 255].forEach((x, i) => v.setUint8(40 + i, x));
      [0, 3].forEach((x, i) => v.setUint8(43 + i, x));
    });
    const header = {
      h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
      d: { dtype: 'F64', shape: [2], data_offsets: [16, 32] },
      i: { dtype: 'I64', shape: [], data_offsets: [32, 40] },
      u: { dtype: 'U8', shape: [3], data_offsets: [40, 43] },
      z: { dtype: 'BOOL', shape: [2], data_offsets: [43, 45] },
    };
    const t = readSafetensors(rawSafetensors(header, data), 'mixed');
    assert.deepEqual(Array.from(t.get('h')!.data), [1, -2, Math.fround(0.333251953125), Math.fround(2 ** -24), Infinity, 0]);
    assert.deepEqual(Array.from(t.get('b')!.data), [1, -5]);
    assert.deepEqual(Array.from(t.get('d')!.data), [Math.fround(0.1), -Infinity]);
    assert.deepEqual(Array.from(t.get('i')!.data), [-7]);
    assert.deepEqual(Array.from(t.get('u')!.data), [0, 7, 255]);
    assert.deepEqual(Array.from(t.get('z')!.data), [0, 1]);
    assert.equal(t.get('h')!.dtype, 'F16');
  });

  test('a zero-sized tensor reads as empty', () => {
    const t = readSafetensors(rawSafetensors({ e: { dtype: 'F32', shape: [0, 3], data_offsets: [0, 0] } }), 'empty');
    assert.deepEqual(t.get('e')!.shape, [0, 3]);
    assert.equal(t.get('e')!.data.length, 0);
  });
});

describe('writing', () => {
  test('encodeSafetensors round-trips through readSafetensors with metadata and an aligned header', () => {
    const tensors = new Map([
      ['a.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }],
      ['a.bias', { shape: [2], data: Float32Array.from([0.25, -1e-7]) }],
      ['s', { shape: [], data: Float32Array.from([3]) }],
    ]);
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const header = readSafetensorsHeader(bytes, 'out');
    assert.equal(header.dataStart % 8, 0);
    assert.deepEqual(header.metadata, { format: 'pt' });
    const back = readSafetensors(bytes, 'out');
    assert.deepEqual([...back.keys()], [...tensors.keys()]);
    for (const [name, t] of tensors) {
      assert.deepEqual(back.get(name)!.shape, t.shape);
      assert.deepEqual(back.get(name)!.data, t.data);
    }
  });

  test('encodeSafetensors refuses data that does not fill its shape', () => {
    assertStorageError(() => encodeSafetensors(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]])), "'w'", '3 values', '[2,2]');
  });
});

describe('malformed files give a StorageError naming the problem', () => {
  const good = (): Uint8Array => fixture('mlp');

  test('too short for the length field', () => {
    assertStorageError(() => readSafetensors(new Uint8Array(5), 'tiny.safetensors'), 'tiny.safetensors', 'not a safetensors file');
  });

  test('a header length beyond the limit is refused before anything is read', () => {
    const huge = rawSafetensors({}, new Uint8Array(0), BigInt(MAX_SAFETENSORS_HEADER) + 1n);
    assertStorageError(() => readSafetensors(huge, 'h'), 'exceeds', String(MAX_SAFETENSORS_HEADER));
    assertStorageError(() => readSafetensors(rawSafetensors({}, new Uint8Array(0), 2n ** 63n), 'h'), 'exceeds');
  });

  test('a file truncated inside its header or its data', () => {
    const bytes = good();
    assertStorageError(() => readSafetensors(bytes.subarray(0, 40), 'cut.safetensors'), 'cut.safetensors', 'truncated', 'header');
    // Cut in the data: the last tensor now runs past the end.
    assertStorageError(() => readSafetensors(bytes.subarray(0, bytes.length - 4), 'cut'), "tensor 'model_tails.1.0.bias'", 'run past the end', 'truncated');
  });

  test('trailing bytes after the last tensor', () => {
    const bytes = good();
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    assertStorageError(() => readSafetensors(longer, 'pad'), 'tensors cover');
  });

  test('header that is not JSON, not UTF-8, or not an object', () => {
    const text = (s: string): Uint8Array => {
      const head = new TextEncoder().encode(s);
      const out = new Uint8Array(8 + head.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
      out.set(head, 8);
      return out;
    };
    assertStorageError(() => readSafetensors(text('{"a": '), 'j'), 'not valid UTF-8 JSON');
    const latin = text('{"\u00e9":1}');
    latin[10] = 0xff;
    assertStorageError(() => readSafetensors(latin, 'u'), 'not valid UTF-8 JSON');
    assertStorageError(() => readSafetensors(text('[1, 2]'), 'arr'), 'not a JSON object');
  });

  test('offsets beyond the file, reversed, overlapping or leaving a gap', () => {
    const bytes = good();
    assertStorageError(
      () => readSafetensors(editHeader(bytes, (h) => void (h['model.0.bias']!['data_offsets'] = [448, 100000])), 'far'),
      "tensor 'model.0.bias'",
      'run past the end',
    );
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.bias']!['data_offsets'] = [512, 448])), 'rev'), "'model.0.bias'", 'end before');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.bias']!['data_offsets'] = [0, 64])), 'overlap'), 'overlaps');
    assertStorageError(
      () =>
        readSafetensors(
          editHeader(bytes, (h) => {
            delete h['model.0.weight'];
          }),
          'gap',
        ),
      'gap',
    );
  });

  test('a shape that does not fit its bytes, or is not a list of counts', () => {
    const bytes = good();
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.weight']!['shape'] = [16, 8])), 's'), "'model.0.weight'", '[16,8]', 'needs 512 bytes', 'span 448');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.weight']!['shape'] = [16, -7])), 's'), "'model.0.weight'", 'non-negative integers');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.weight']!['shape'] = [16, 7.5])), 's'), 'non-negative integers');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.weight']!['shape'] = '16x7')), 's'), 'non-negative integers');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.0.weight']!['shape'] = [2 ** 40, 2 ** 40])), 's'), 'needs');
  });

  test('a bad or missing dtype, or a malformed entry or metadata', () => {
    const bytes = good();
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.2.bias']!['dtype'] = 'F8_E4M3')), 'd'), "tensor 'model.2.bias'", "unsupported dtype 'F8_E4M3'");
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void delete h['model.2.bias']!['dtype']), 'd'), "'model.2.bias'", 'no dtype');
    // F16 with F32's byte span: the shape no longer fits.
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.2.bias']!['dtype'] = 'F16')), 'd'), "'model.2.bias'", 'of F16 needs 16 bytes');
    assertStorageError(() => readSafetensors(editHeader(bytes, (h) => void (h['model.2.bias']!['data_offsets'] = [1])), 'o'), 'data_offsets must be');
    assertStorageError(() => readSafetensors(rawSafetensors({ x: 3 }), 'e'), "tensor 'x'", 'not an object');
    assertStorageError(() => readSafetensors(rawSafetensors({ __metadata__: { a: 1 } }), 'm'), '__metadata__');
  });
});
