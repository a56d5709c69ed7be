import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { LrSchedulerSpec } from '../../src/spec/types';
import { createLrScheduler } from '../../src/train/lr_scheduler';
import { SpecError } from '../../src/util/errors';

const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b), `${a} vs ${b}`);

/** lr after each of `n` plain step() calls, starting with the lr right after construction. */
function trace(spec: LrSchedulerSpec | null, n: number, lr = 0.1): number[] {
  const opt = { lr };
  const s = createLrScheduler(spec, opt);
  const out = [opt.lr];
  for (let k = 0; k < n; k++) {
    s.step();
    out.push(opt.lr);
  }
  return out;
}

describe('createLrScheduler (PyTorch semantics)', () => {
  test('null spec: a no-op that never touches the lr', () => {
    const opt = { lr: 0.3 };
    const s = createLrScheduler(null, opt);
    s.step();
    s.step(1000);
    opt.lr = 0.7; // someone else may set it; the no-op must not reset it
    s.step();
    assert.equal(opt.lr, 0.7);
    assert.equal(s.name, 'None');
  });

  test('StepLR: gamma every step_size epochs', () => {
    const got = trace({ name: 'StepLR', step_size: 3, gamma: 0.5 }, 7);
    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025].forEach((e, k) => near(got[k]!, e));
  });

  test('MultiStepLR: gamma at each milestone, in any order, repeats compounding', () => {
    const got = trace({ name: 'MultiStepLR', milestones: [4, 2, 4], gamma: 0.1 }, 5);
    [0.1, 0.1, 0.01, 0.01, 0.0001, 0.0001].forEach((e, k) => near(got[k]!, e));
  });

  test('ExponentialLR: base * gamma^epoch', () => {
    const got = trace({ name: 'ExponentialLR', gamma: 0.9 }, 4);
    got.forEach((lr, k) => near(lr, 0.1 * 0.9 ** k));
  });

  test('ConstantLR: factor from construction until total_iters, then the base lr', () => {
    const got = trace({ name: 'ConstantLR', factor: 0.5, total_iters: 2 }, 3);
    [0.05, 0.05, 0.1, 0.1].forEach((e, k) => near(got[k]!, e));
  });

  test('LinearToZero: lr * (1 - frame / frames), floored at 0; step(frame) jumps there', () => {
    const opt = { lr: 0.01 };
    const s = createLrScheduler({ name: 'LinearToZero', frame: 1000 }, opt);
    near(opt.lr, 0.01);
    s.step(250);
    near(opt.lr, 0.0075);
    assert.equal(s.lastEpoch, 250);
    s.step(1000);
    assert.equal(opt.lr, 0);
    s.step(5000);
    assert.equal(opt.lr, 0, 'never negative');
    near(s.lrAt(500), 0.005);
  });

  test('LinearToZero with stepsPerSchedule: one step() per update of that many frames (SLM Lab PPO)', () => {
    const opt = { lr: 0.01 };
    const s = createLrScheduler({ name: 'LinearToZero', frame: 1000 }, opt, { stepsPerSchedule: 100 });
    for (let k = 0; k < 5; k++) s.step();
    near(opt.lr, 0.005);
  });

  test('step(frame) gives the same lr as stepping there one epoch at a time', () => {
    const spec: LrSchedulerSpec = { name: 'StepLR', step_size: 7, gamma: 0.3 };
    const jumped = { lr: 1 };
    const s = createLrScheduler(spec, jumped);
    s.step(30);
    near(jumped.lr, trace(spec, 30, 1)[30]!);
  });

  test('bad values are SpecErrors with paths', () => {
    const paths = (spec: LrSchedulerSpec): string[] => {
      try {
        createLrScheduler(spec, { lr: 1 });
      } catch (e) {
        assert.ok(e instanceof SpecError);
        return e.problems.map((p) => p.path);
      }
      return [];
    };
    assert.deepEqual(paths({ name: 'StepLR', step_size: 0, gamma: 0.1 }), ['lr_scheduler_spec.step_size']);
    assert.deepEqual(paths({ name: 'LinearToZero', frame: 0 }), ['lr_scheduler_spec.frame']);
    assert.deepEqual(paths({ name: 'ConstantLR', factor: 2, total_iters: 1 }), ['lr_scheduler_spec.factor']);
    assert.deepEqual(paths({ name: 'MultiStepLR', milestones: [1, -2], gamma: 0.1 }), ['lr_scheduler_spec.milestones[1]']);
  });
});
