/**
 * The random-start flags of `train --game` and `eval --game` (--no-random-starts, --noop-max N,
 * --sticky-actions P) become the trainGame / playGame options the CLI sends to the page; given
 * without --game, or together where they contradict, they are usage errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStarts, startOptions } from '../../src/cli/start_flags';
import { parsePositiveNumber } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { UsageError } from '../../src/util/errors';

test('the flags become trainGame/playGame options; flags not given leave the page its defaults', () => {
  assert.deepEqual(startOptions({}), {});
  assert.deepEqual(startOptions({ randomStarts: false }), { randomStarts: false });
  assert.deepEqual(startOptions({ randomStarts: true }), { randomStarts: {} });
  assert.deepEqual(startOptions({ randomStarts: true, noopMax: '7' }), { randomStarts: { noops: 7 } });
  assert.deepEqual(startOptions({ noopMax: '12' }), { randomStarts: { noops: 12 } });
  assert.deepEqual(startOptions({ noopMax: '0', stickyActions: '0.25' }), { randomStarts: { noops: 0 }, stickyActions: 0.25 });
  assert.deepEqual(startOptions({ randomStarts: false, stickyActions: '.5' }), { randomStarts: false, stickyActions: 0.5 });
  assert.throws(() => startOptions({ randomStarts: false, noopMax: '3' }), (e: unknown) => e instanceof UsageError && /--no-random-starts or --noop-max, not both/.test(e.message));
  for (const bad of ['-1', '1.5', 'x', '']) assert.throws(() => startOptions({ noopMax: bad }), /--noop-max must be an integer >= 0/);
  for (const bad of ['1', '1.0', '-0.1', 'x', '2']) assert.throws(() => startOptions({ stickyActions: bad }), /--sticky-actions must be a probability in \[0, 1\)/);
  assert.equal(describeStarts({ noops: 30 }, 0), 'up to 30 no-op decisions');
  assert.equal(describeStarts(false, 0.25), 'off; sticky actions 0.25');
});

test('the flags are usage errors without --game', async () => {
  for (const [command, flags] of [['train', ['--random-starts']], ['eval', ['--no-random-starts']], ['eval', ['--noop-max', '3']], ['train', ['--sticky-actions', '0.2']], ['train', ['--no-overlap']], ['train', ['--overlap']], ['train', ['--minutes', '5']]] as const) {
    const err: string[] = [];
    const code = await main([command, 'x.json', ...flags], { log: () => undefined, err: (s) => err.push(s) });
    assert.equal(code, 2);
    assert.match(err.join('\n'), new RegExp(`--${flags[0].slice(2)} is used with --game ENTRY only`));
  }
  const err: string[] = [];
  assert.equal(await main(['eval', 'p.ppol', '--game', 'g.js', '--random-starts', '--no-random-starts'], { log: () => undefined, err: (s) => err.push(s) }), 2);
  assert.match(err.join('\n'), /--random-starts or --no-random-starts, not both/);
  const both: string[] = [];
  assert.equal(await main(['train', 'x.json', '--game', 'g.js', '--overlap', '--no-overlap'], { log: () => undefined, err: (s) => both.push(s) }), 2);
  assert.match(both.join('\n'), /--overlap or --no-overlap, not both/);
});

test('--minutes takes a positive decimal number', () => {
  assert.equal(parsePositiveNumber('minutes', '5'), 5);
  assert.equal(parsePositiveNumber('minutes', '0.25'), 0.25);
  for (const bad of ['0', '-1', '1e3', '.5', 'x', '', 'Infinity', '5 min']) {
    assert.throws(() => parsePositiveNumber('minutes', bad), (e: unknown) => e instanceof UsageError && /--minutes must be a positive number/.test(e.message), bad);
  }
});
