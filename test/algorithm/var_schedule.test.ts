import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduledValue, type VarScheduleSpec } from '../../src/algorithm/var_schedule';

const spec = (name: VarScheduleSpec['name'], start = 1, end = 0.1): VarScheduleSpec => ({
  name,
  start_val: start,
  end_val: end,
  start_step: 100,
  end_step: 1100,
});

test('linear_decay holds before start, interpolates, then stays at end_val', () => {
  const s = spec('linear_decay');
  assert.equal(scheduledValue(s, 0), 1);
  assert.equal(scheduledValue(s, 100), 1);
  assert.ok(Math.abs(scheduledValue(s, 600) - 0.55) < 1e-12);
  assert.ok(Math.abs(scheduledValue(s, 1100) - 0.1) < 1e-12);
  assert.equal(scheduledValue(s, 5000), 0.1);
});

test('linear_decay also ramps upward (e.g. an importance-sampling beta)', () => {
  const s = spec('linear_decay', 0.4, 1);
  assert.ok(Math.abs(scheduledValue(s, 600) - 0.7) < 1e-12);
  assert.equal(scheduledValue(s, 9999), 1);
});

test('no_decay is constant; rate_decay is monotone and floored; periodic_decay stays in range', () => {
  assert.equal(scheduledValue(spec('no_decay'), 10_000), 1);
  let prev = Infinity;
  for (let step = 0; step <= 2000; step += 50) {
    const v = scheduledValue(spec('rate_decay', 1, 0.2), step);
    assert.ok(v <= prev && v >= 0.2);
    prev = v;
    const p = scheduledValue(spec('periodic_decay'), step);
    assert.ok(p >= 0.1 && p <= 1, `periodic ${p} at ${step}`);
  }
  assert.ok(Math.abs(scheduledValue(spec('rate_decay', 1, 0), 1100) - 0.9 ** 20) < 1e-12);
  assert.equal(scheduledValue(spec('periodic_decay'), 1100), 0.1);
});
