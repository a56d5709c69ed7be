/**
 * `pixelpilot serve`'s flags, checked before anything starts (usage errors exit 2), and which hosts
 * count as loopback (off loopback a token is required). The server itself: test/browser/cli_serve.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback } from '../../src/cli/serve_command';
import { cli } from './run_cli';

test('loopback hosts: 127.0.0.0/8, ::1 and localhost; anything else is not', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com', '127.0.0.1.example.com']) assert.ok(!isLoopback(h), h);
});

test('bad flags are usage errors (exit 2) naming the flag', async () => {
  const cases: [string[], RegExp][] = [
    [[], /serve needs --game ENTRY/],
    [['--game', 'x.ts', 'extra'], /serve takes no positional arguments \(got extra\)/],
    [['--game', 'x.ts', '--port', '70000'], /--port must be an integer 0\.\.65535/],
    [['--game', 'x.ts', '--envs', '0'], /--envs must be a positive integer, got '0'/],
    [['--game', 'x.ts', '--idle-timeout', 'soon'], /--idle-timeout must be a number of seconds >= 0/],
    [['--game', 'x.ts', '--seed', '1.5'], /--seed must be a decimal integer/],
    [['--game', 'x.ts', '--token', ''], /--token must not be empty/],
    [['--game', 'x.ts', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['--game', 'x.ts', '--noop-max', 'many'], /--noop-max must be an integer >= 0, got 'many'/],
    [['--game', 'x.ts', '--sticky-actions', '1'], /--sticky-actions must be a probability in \[0, 1\), got '1'/],
    [['--game', 'x.ts', '--random-starts', '--no-random-starts'], /give --random-starts or --no-random-starts, not both/],
  ];
  for (const [args, message] of cases) {
    const r = await cli('serve', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
