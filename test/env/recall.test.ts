import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Env, Observation } from '../../src/env/env';
import { EnvError } from '../../src/util/errors';
import { recallEnv } from '../../src/env/recall';
import { Rng } from '../../src/util/rng';

/** Plays one episode; `policy` sees the current observation and everything observed before it. */
function play(env: Env, seed: number, policy: (obs: Observation, history: Observation[]) => number): { ret: number; len: number } {
  const history = [env.reset({ seed }).observation];
  for (let len = 1; ; len++) {
    const r = env.step(policy(history[history.length - 1], history));
    history.push(r.observation);
    if (r.terminated || r.truncated) return { ret: r.reward, len };
    assert.equal(r.reward, 0);
  }
}

/** The cue read from the first observation (vector or image form). */
function cueOf(first: Observation, nCues: number, scale: number | null): number {
  if (scale === null) return Array.from(first.subarray(0, nCues)).indexOf(1);
  return Array.from({ length: nCues }, (_, k) => first[k * scale]).indexOf(255);
}

describe('recall', () => {
  for (const opts of [{}, { n_cues: 3, delay: 0 }, { n_cues: 4, delay: 7 }, { image: true }, { image: true, n_cues: 3, scale: 2 }]) {
    const label = JSON.stringify(opts);
    test(`an agent that remembers the cue always wins ${label}`, () => {
      const env = recallEnv(opts);
      const n = opts.n_cues ?? 2;
      const scale = 'image' in opts ? (opts.scale ?? 4) : null;
      for (let seed = 0; seed < 200; seed++) {
        const { ret, len } = play(env, seed, (_, h) => Math.max(0, cueOf(h[0], n, scale)));
        assert.equal(ret, 1, `seed ${seed}`);
        assert.equal(len, (opts.delay ?? 4) + 2);
      }
    });

    test(`a memoryless agent wins about 1/n_cues ${label}`, () => {
      const env = recallEnv(opts);
      const n = opts.n_cues ?? 2;
      const rng = new Rng(1);
      let wins = 0;
      const episodes = 3000;
      // Acts on the current observation only (here: at random whatever it sees).
      for (let seed = 0; seed < episodes; seed++) if (play(env, seed, () => rng.int(n)).ret === 1) wins++;
      assert.ok(Math.abs(wins / episodes - 1 / n) < 0.03, `${wins}/${episodes}`);
      let fixedWins = 0;
      for (let seed = 0; seed < episodes; seed++) if (play(env, seed, () => 0).ret === 1) fixedWins++;
      assert.ok(Math.abs(fixedWins / episodes - 1 / n) < 0.03, `${fixedWins}/${episodes}`);
    });
  }

  test('vector observations: cue one-hot, then blanks, then the choice flag; a wrong choice gives -1', () => {
    const env = recallEnv({ n_cues: 3, delay: 2 });
    assert.deepEqual(env.observationSpace, { shape: [4], dtype: 'float32', low: 0, high: 1 });
    assert.deepEqual(env.actionSpace, { type: 'discrete', n: 3 });
    const first = env.reset({ seed: 4 }).observation;
    assert.ok(first instanceof Float32Array);
    const cue = Array.from(first).indexOf(1);
    assert.deepEqual(Array.from(first), [0, 1, 2].map((k) => (k === cue ? 1 : 0)).concat(0));
    assert.deepEqual(Array.from(env.step(cue).observation), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(env.step(cue).observation), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(env.step(cue).observation), [0, 0, 0, 1]);
    const last = env.step((cue + 1) % 3);
    assert.deepEqual(last, { observation: new Float32Array(4), reward: -1, terminated: true, truncated: false });
    assert.throws(() => env.step(0), EnvError);
  });

  test('image observations: each cue is a distinct image, the choice lights the bottom row', () => {
    const env = recallEnv({ image: true, scale: 2 });
    assert.deepEqual(env.observationSpace, { shape: [4, 4, 1], dtype: 'uint8', low: 0, high: 255 });
    const seen = new Map<number, string>();
    for (let seed = 0; seed < 20; seed++) {
      const first = env.reset({ seed }).observation;
      assert.ok(first instanceof Uint8Array);
      const cue = cueOf(first, 2, 2);
      seen.set(cue, Array.from(first).join());
      // Cue k lights the 2x2 block of cell (0, k).
      const lit = Array.from(first).flatMap((v, i) => (v ? [i] : []));
      assert.deepEqual(lit, [0, 1, 4, 5].map((i) => i + 2 * cue));
      for (let t = 0; t < 4; t++) assert.ok(env.step(0).observation.every((v) => v === 0));
      assert.deepEqual(Array.from(env.step(0).observation), [0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]);
      env.step(0);
    }
    assert.equal(seen.size, 2);
    assert.notEqual(seen.get(0), seen.get(1));
  });

  test('the same seed gives the same cues', () => {
    const cues = (seed: number): number[] => {
      const env = recallEnv({ n_cues: 5 });
      env.reset({ seed });
      return Array.from({ length: 30 }, () => Array.from(env.reset().observation).indexOf(1));
    };
    assert.deepEqual(cues(8), cues(8));
    assert.notDeepEqual(cues(8), cues(9));
  });

  test('bad options are EnvErrors', () => {
    assert.throws(() => recallEnv({ n_cues: 1 }), (e: unknown) => e instanceof EnvError && /n_cues/.test(e.message));
    assert.throws(() => recallEnv({ delay: -1 }), EnvError);
    assert.throws(() => recallEnv({ image: 'yes' } as never), EnvError);
  });
});
