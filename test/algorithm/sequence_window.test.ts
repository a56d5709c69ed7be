import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SequenceWindow } from '../../src/algorithm/sequence_window';
import { ShapeError } from '../../src/util/errors';

/** Two envs, observations of shape [2], window of 3 steps. Observation k of env e is [10e + k, -(10e + k)]. */
const obs = (k0: number, k1: number): Float32Array => Float32Array.from([k0, -k0, 10 + k1, -(10 + k1)]);
const make = (): SequenceWindow => new SequenceWindow({ numEnvs: 2, obsShape: [2], obsDtype: 'float32', seqLen: 3 });
/** Env e's window as rows of its first element (0 = zero padding, since real observations start at 1). */
const firsts = (w: ArrayLike<number>, e: number): number[] => [0, 1, 2].map((t) => w[e * 6 + t * 2]!);

test('windows are zero-padded before the episode start and slide oldest first', () => {
  const w = make();
  assert.deepEqual(w.windowShape, [3, 2]);
  const a = w.push(obs(1, 1));
  assert.deepEqual([...a], [0, 0, 0, 0, 1, -1, /* env 1 */ 0, 0, 0, 0, 11, -11]);
  w.push(obs(2, 2));
  const c = w.push(obs(3, 3));
  assert.deepEqual(firsts(c, 0), [1, 2, 3]);
  assert.deepEqual(firsts(c, 1), [11, 12, 13]);
  const d = w.push(obs(4, 4));
  assert.deepEqual(firsts(d, 0), [2, 3, 4]);
  assert.deepEqual([...d.subarray(0, 6)], [2, -2, 3, -3, 4, -4]);
});

test('an ended episode (terminated or truncated) restarts only that env', () => {
  const w = make();
  w.push(obs(1, 1));
  w.push(obs(2, 2));
  w.endEpisodes([1, 0], [0, 0]);
  let x = w.push(obs(5, 3));
  assert.deepEqual(firsts(x, 0), [0, 0, 5]);
  assert.deepEqual(firsts(x, 1), [11, 12, 13]);
  w.endEpisodes([0, 0], [0, 1]);
  x = w.push(obs(6, 7));
  assert.deepEqual(firsts(x, 0), [0, 5, 6]);
  assert.deepEqual(firsts(x, 1), [0, 0, 17]);
});

test('reset(i) restarts env i at its next push', () => {
  const w = make();
  w.push(obs(1, 1));
  w.push(obs(2, 2));
  w.reset(1);
  const x = w.push(obs(3, 3));
  assert.deepEqual(firsts(x, 0), [1, 2, 3]);
  assert.deepEqual(firsts(x, 1), [0, 0, 13]);
  assert.throws(() => w.reset(2), RangeError);
  w.resetAll();
  assert.deepEqual(firsts(w.push(obs(4, 4)), 0), [0, 0, 4]);
});

test('withNext gives the next-observation window without changing state, also across an episode end', () => {
  const w = make();
  w.push(obs(1, 1));
  const acted = w.push(obs(2, 2));
  const next = w.withNext(obs(3, 3));
  assert.deepEqual(firsts(next, 0), [1, 2, 3]);
  assert.deepEqual(firsts(next, 1), [11, 12, 13]);
  assert.deepEqual([...w.current()], [...acted], 'state unchanged');
  // The final observation of an episode extends the acting window; the episode then restarts.
  w.endEpisodes([1, 0], [0, 0]);
  const fresh = w.push(obs(9, 3));
  assert.deepEqual(firsts(fresh, 0), [0, 0, 9]);
  // withNext right after a restart but before a push: the padding of a new episode.
  w.reset(1);
  const afterReset = w.withNext(obs(10, 20));
  assert.deepEqual(firsts(afterReset, 1), [0, 0, 30]);
  assert.deepEqual(firsts(afterReset, 0), [0, 9, 10]);
});

test('a window of one step is the observation itself; uint8 windows keep their type', () => {
  const w = new SequenceWindow({ numEnvs: 1, obsShape: [2, 2, 1], obsDtype: 'uint8', seqLen: 1 });
  const a = w.push(Uint8Array.from([1, 2, 3, 4]));
  assert.ok(a instanceof Uint8Array);
  assert.deepEqual([...a], [1, 2, 3, 4]);
  assert.deepEqual([...w.push(Uint8Array.from([5, 6, 7, 8]))], [5, 6, 7, 8]);
  assert.deepEqual(w.windowShape, [1, 2, 2, 1]);
});

test('push returns a copy the caller may keep', () => {
  const w = make();
  const a = w.push(obs(1, 1));
  w.push(obs(2, 2));
  assert.deepEqual(firsts(a, 0), [0, 0, 1]);
});

test('wrong sizes and types are ShapeErrors', () => {
  const w = make();
  assert.throws(() => w.push(new Float32Array(3)), ShapeError);
  assert.throws(() => w.push(new Uint8Array(4)), ShapeError);
  assert.throws(() => w.endEpisodes([1], [0]), ShapeError);
  assert.throws(() => new SequenceWindow({ numEnvs: 1, obsShape: [2], obsDtype: 'float32', seqLen: 0 }), ShapeError);
});

test('forStep finds the acted-on windows by value, never by identity, and pushes observations that were not acted on', () => {
  const w = new SequenceWindow({ numEnvs: 2, obsShape: [2], obsDtype: 'float32', seqLen: 3 });
  const o1 = obs(1, 1);
  w.act(o1);
  // A copy of what act got (a structured clone) is the same step: no second push.
  const stored = w.forStep(o1.slice());
  assert.deepEqual(firsts(stored, 0), [0, 0, 1]);
  // An observation acted on twice in a row is pushed twice only by act, never again by forStep.
  w.act(obs(2, 2));
  assert.deepEqual(firsts(w.forStep(obs(2, 2)), 1), [0, 11, 12]);
  // A step whose observations were never acted on pushes them now.
  assert.deepEqual(firsts(w.forStep(obs(3, 3)), 0), [1, 2, 3]);
  // Other values than the acted-on ones: pushed (the acted window is not reused).
  w.act(obs(4, 4));
  assert.deepEqual(firsts(w.forStep(obs(5, 5)), 0), [3, 4, 5]);
  // A reset forgets what was acted on.
  w.act(obs(6, 6));
  w.reset(0);
  assert.deepEqual(firsts(w.forStep(obs(6, 6)), 0), [0, 0, 6]);
});
