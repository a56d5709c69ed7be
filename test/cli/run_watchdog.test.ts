/** The watchdog of `train|eval --game` (src/cli/run_watchdog.ts) on a made-up clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunWatchdog } from '../../src/cli/run_watchdog';
import type { PageProgress } from '../../src/game/page/protocol';

const progress = (p: Partial<PageProgress>): { type: 'progress'; progress: PageProgress } => ({
  type: 'progress',
  progress: { phase: 'running', copies: 2, booted: 2, created: 2, frames: 10, decisions: 5, steps: 10, pretrained: 0, lastDone: [false, true], seconds: 1, ...p },
});

test('the watchdog fires when no decision came for its seconds while the run runs, and says what it last saw', () => {
  let now = 0;
  const w = new RunWatchdog(30, () => now);
  w.saw(progress({ phase: 'booting', booted: 1, created: 0, frames: 0, decisions: 0, steps: 0 }));
  now = 20_000;
  w.saw(progress({ decisions: 5 }));
  w.saw({ type: 'step', steps: 10, seconds: 0.5 });
  now = 45_000;
  w.saw(progress({ decisions: 5, frames: 400 }));
  assert.equal(w.check(), null, 'frames alone are no progress while it runs, but 25 s < 30 s');
  now = 50_001;
  const e = w.check();
  assert.ok(e !== null);
  assert.equal(e.stage, 'stalled');
  assert.equal(e.message, [
    'no decision for 30 s (--watchdog 30; 0 turns it off)',
    '  the page has not answered for 5.0 s: it is frozen (an endless loop in the game?)',
    "  what it last saw, 1.0 s into the run: phase running; 2 of 2 copies booted; every scene's create() ran; 400 frames stepped; 5 decisions; 10 agent steps",
    '  done() last returned: false, true (copies 0, 1, ...)',
    '  last event: agent step 10, 0.5 s into stepping',
  ].join('\n'));
});

test('before the run runs, any step forward is progress; 0 seconds turns the watchdog off', () => {
  let now = 0;
  const w = new RunWatchdog(5, () => now);
  for (let f = 1; f <= 10; f++) {
    now += 4000;
    w.saw(progress({ phase: 'starting', created: 1, frames: f, decisions: 0 }));
    assert.equal(w.check(), null);
  }
  now += 5000;
  assert.match(w.check()!.message, /^no progress for 5 s while waiting for the scenes' create\(\) \(assets loading\?\)/);
  assert.match(w.check()!.message, /1 of 2 scenes' create\(\) ran/);
  const off = new RunWatchdog(0, () => now);
  now += 1e9;
  assert.equal(off.check(), null);
});

test('pre-training on demonstrations that moves keeps the watchdog quiet; one that stops is reported as such', () => {
  let now = 0;
  const w = new RunWatchdog(30, () => now);
  for (let done = 100; done <= 500; done += 100) {
    w.saw(progress({ phase: 'demonstrations', booted: 0, created: 0, frames: 0, decisions: 0, steps: 0, pretrained: done }));
    now += 20_000;
    assert.equal(w.check(), null, `${done} pre-training steps after ${now} ms`);
  }
  now += 20_000;
  const e = w.check();
  assert.notEqual(e, null);
  assert.match(e!.message, /no progress for 30 s while pre-training on the demonstrations/);
});
