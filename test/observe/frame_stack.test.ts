import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameStack } from '../../src/observe/frame_stack';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

function randomFrame(rng: Rng, size: number): Uint8Array {
  return Uint8Array.from({ length: size }, () => rng.int(256));
}

/** The stacked observation by the index formula: out[h][w][k*C + c] = frames[k][h][w][c], oldest first. */
function naiveStack(frames: Uint8Array[], h: number, w: number, c: number): Uint8Array {
  const k = frames.length;
  const out = new Uint8Array(h * w * c * k);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let f = 0; f < k; f++) {
        for (let j = 0; j < c; j++) out[((y * w + x) * k + f) * c + j] = frames[f][(y * w + x) * c + j];
      }
    }
  }
  return out;
}

describe('FrameStack', () => {
  for (const c of [1, 3]) {
    test(`matches a plain loop over 20 random pushes, oldest first (C=${c}, K=4)`, () => {
      const [h, w, k] = [5, 7, 4];
      const rng = new Rng(10 + c);
      const stack = new FrameStack({ height: h, width: w, channels: c, length: k });
      assert.deepEqual(stack.shape, [h, w, c * k]);
      const first = randomFrame(rng, h * w * c);
      let history = [first, first, first, first];
      assert.deepEqual(stack.reset(first), naiveStack(history, h, w, c));
      for (let t = 0; t < 20; t++) {
        const frame = randomFrame(rng, h * w * c);
        history = [...history.slice(1), frame];
        assert.deepEqual(stack.push(frame), naiveStack(history, h, w, c), `push ${t}`);
      }
    });
  }

  test('reset repeats the first frame and forgets the old episode', () => {
    const stack = new FrameStack({ height: 1, width: 2, length: 3 });
    stack.reset(Uint8Array.of(1, 2));
    stack.push(Uint8Array.of(3, 4));
    assert.deepEqual(Array.from(stack.read()), [1, 1, 3, 2, 2, 4]);
    assert.deepEqual(Array.from(stack.reset(Uint8Array.of(7, 8))), [7, 7, 7, 8, 8, 8]);
  });

  test('the first push acts as reset, and again after clear()', () => {
    const stack = new FrameStack({ height: 1, width: 1, length: 3 });
    assert.equal(stack.started, false);
    assert.deepEqual(Array.from(stack.read()), [0, 0, 0]);
    assert.deepEqual(Array.from(stack.push([5])), [5, 5, 5]);
    assert.deepEqual(Array.from(stack.push([6])), [5, 5, 6]);
    stack.clear();
    assert.deepEqual(Array.from(stack.push([9])), [9, 9, 9]);
  });

  test('writes into a caller buffer or one reused buffer, and keeps copies of the frames', () => {
    const stack = new FrameStack({ height: 1, width: 1, length: 2 });
    const frame = Uint8Array.of(4);
    const a = stack.reset(frame);
    frame[0] = 99; // the stack copied the frame
    const b = stack.push([5]);
    assert.equal(a, b);
    assert.equal(a, stack.stacked);
    assert.deepEqual(Array.from(b), [4, 5]);
    const mine = new Uint8Array(3).fill(1);
    assert.equal(stack.push([6], mine), mine);
    assert.deepEqual(Array.from(mine), [5, 6, 1]);
  });

  test('K=1 is the frame itself', () => {
    const stack = new FrameStack({ height: 2, width: 2, channels: 3, length: 1 });
    const f = Uint8Array.from({ length: 12 }, (_, i) => i);
    stack.reset(new Uint8Array(12));
    assert.deepEqual(stack.push(f), f);
  });

  test('wrong sizes are ShapeErrors naming the expected shape', () => {
    const stack = new FrameStack({ height: 84, width: 84 });
    assert.throws(() => stack.push(new Uint8Array(84 * 84 * 3)), (e: unknown) => e instanceof ShapeError && /84x84x1 = 7056 values \(got 21168\)/.test(e.message));
    assert.throws(() => stack.read(new Uint8Array(10)), (e: unknown) => e instanceof ShapeError && /out holds 10 values; a 84x84x4 stack needs 28224/.test(e.message));
    assert.throws(() => new FrameStack({ height: 84, width: 0 }), (e: unknown) => e instanceof ShapeError && /width must be a positive integer \(got 0\)/.test(e.message));
    assert.throws(() => new FrameStack({ height: 84, width: 84, length: 2.5 }), (e: unknown) => e instanceof ShapeError && /length must be a positive integer/.test(e.message));
  });
});
