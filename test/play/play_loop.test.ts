import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlayLoop, type PlayPort, type PlaySource } from '../../src/play/play_loop';
import { resolvePlayOptions, type PlayAttachOptions, type PlayEpisode } from '../../src/play/play_options';

/** A bot whose answers the test releases one by one. */
class HeldPort implements PlayPort {
  readonly pending: { obs: Float32Array; answer: (a: number) => void }[] = [];
  resets = 0;
  act(obs: Uint8Array | Float32Array): Promise<number> {
    return new Promise((resolve) => this.pending.push({ obs: obs as Float32Array, answer: resolve }));
  }
  reset(): void {
    this.resets++;
  }
}

/** Observations numbered by read (obs[0] = read count). */
class Counter implements PlaySource {
  reads = 0;
  resets = 0;
  read(): Float32Array {
    return Float32Array.of(++this.reads);
  }
  reset(): void {
    this.resets++;
  }
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function setup(extra: Partial<PlayAttachOptions> = {}): { loop: PlayLoop; port: HeldPort; source: Counter; acts: number[]; episodes: PlayEpisode[] } {
  const port = new HeldPort();
  const source = new Counter();
  const acts: number[] = [];
  const episodes: PlayEpisode[] = [];
  const options = resolvePlayOptions({ act: (a) => acts.push(a), onEpisode: (e) => episodes.push(e), observe: () => [0], ...extra }, 1);
  return { loop: new PlayLoop(port, source, options, ['a', 'b', 'c']), port, source, acts, episodes };
}

test('at most maxInFlight decisions wait; an answer overtaken by a newer one is stale', async () => {
  const { loop, port, acts } = setup({ maxInFlight: 2 });
  loop.tick(); // decision 1
  loop.tick(); // decision 2
  loop.tick(); // decision 3: two are pending, dropped
  assert.equal(port.pending.length, 2);
  assert.deepEqual({ ...loop.counters }, { frames: 3, decisions: 3, answers: 0, stale: 0, dropped: 1, episodes: 0 });
  assert.deepEqual(acts, [], 'no action before the first answer');
  port.pending[1]!.answer(2);
  await flush();
  assert.deepEqual(acts, [2]);
  port.pending[0]!.answer(0); // older than the applied one
  await flush();
  assert.deepEqual(acts, [2]);
  assert.equal(loop.counters.stale, 1);
  const settled = loop.settled();
  loop.tick(); // repeats 2 and asks again
  port.pending[2]!.answer(1);
  await settled;
  assert.deepEqual(acts, [2, 1]);
});

test('an answer that arrives after its episode ended is not applied; the next episode resets source and bot', async () => {
  let over = false;
  const { loop, port, source, acts, episodes } = setup({ done: () => over, reward: () => 0.5 });
  loop.tick(); // episode 1 starts, decision pending
  assert.deepEqual([source.resets, port.resets], [1, 1]);
  loop.addReward(2);
  over = true;
  loop.tick(); // ends (the frame's reward counts)
  assert.deepEqual(episodes, [{ episode: 1, return: 2.5, steps: 1, frames: 2, truncated: false }]);
  port.pending[0]!.answer(1);
  await flush();
  assert.deepEqual(acts, []);
  assert.equal(loop.counters.stale, 1);
  loop.tick(); // still game over: nothing starts
  assert.equal(port.pending.length, 1);
  over = false;
  loop.tick(); // episode 2
  assert.deepEqual([source.resets, port.resets], [2, 2]);
  port.pending[1]!.answer(0);
  await loop.settled();
  assert.deepEqual(acts, [0]);
});

test('an action outside the action names reaches onError, not act', async () => {
  const errors: Error[] = [];
  const { loop, port, acts } = setup({ onError: (e) => errors.push(e) });
  loop.tick();
  port.pending[0]!.answer(7);
  await loop.settled();
  assert.deepEqual(acts, []);
  assert.match(errors[0]!.message, /gave action 7; actions are integers 0..2/);
});
