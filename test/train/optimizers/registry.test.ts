import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/backend/tf';
import type { OptimSpec } from '../../../src/spec/types';
import { Adam } from '../../../src/train/optimizers/adam';
import { AdamW } from '../../../src/train/optimizers/adamw';
import { OPTIMIZERS, createOptimizer } from '../../../src/train/optimizers/registry';
import { RMSprop } from '../../../src/train/optimizers/rmsprop';
import { SGD } from '../../../src/train/optimizers/sgd';
import { SpecError } from '../../../src/util/errors';
import { describeEachBackend, noLeak } from '../backends';

const base: OptimSpec = {
  name: 'Adam',
  lr: 0.01,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weight_decay: 0,
  alpha: 0.99,
  momentum: 0,
  dampening: 0,
  centered: false,
  nesterov: false,
  amsgrad: false,
};

describeEachBackend('createOptimizer', () => {
  test('builds the class the spec names, with its lr', async () => {
    await noLeak(() => {
      const v = tf.tidy(() => tf.variable(tf.zeros([2])));
      const expected = { Adam, AdamW, RMSprop, SGD };
      assert.deepEqual(Object.keys(OPTIMIZERS).sort(), Object.keys(expected).sort());
      for (const [name, cls] of Object.entries(expected)) {
        const opt = createOptimizer({ ...base, name: name as OptimSpec['name'], lr: 0.25 }, [v]);
        assert.ok(opt instanceof cls, name);
        assert.equal(opt.name, name);
        assert.equal(opt.lr, 0.25);
        opt.dispose();
      }
      v.dispose();
    });
  });

  test('spec values reach the update (SGD momentum from the spec)', async () => {
    await noLeak(async () => {
      const v = tf.tidy(() => tf.variable(tf.scalar(1)));
      const opt = createOptimizer({ ...base, name: 'SGD', lr: 0.1, momentum: 0.5 }, [v]);
      const g = tf.scalar(1);
      opt.step([g]);
      opt.step([g]); // buffer 1 -> 1.5: p = 1 - 0.1 - 0.15
      assert.ok(Math.abs((await v.data())[0]! - 0.75) < 1e-6);
      tf.dispose([g, v]);
      opt.dispose();
    });
  });

  test('rejects values PyTorch rejects, listing each with its path (SpecError)', () => {
    const v: tf.Variable[] = [];
    const err = (spec: OptimSpec): SpecError => {
      try {
        createOptimizer(spec, v);
      } catch (e) {
        assert.ok(e instanceof SpecError);
        return e;
      }
      assert.fail('no error');
    };
    const e1 = err({ ...base, lr: -1, betas: [0.9, 1] });
    assert.deepEqual(e1.problems.map((p) => p.path), ['optim_spec.lr', 'optim_spec.betas[1]']);
    const e2 = err({ ...base, name: 'SGD', nesterov: true, momentum: 0 });
    assert.deepEqual(e2.problems.map((p) => p.path), ['optim_spec.nesterov']);
    const e3 = err({ ...base, name: 'SGD', nesterov: true, momentum: 0.9, dampening: 0.1 });
    assert.deepEqual(e3.problems.map((p) => p.path), ['optim_spec.nesterov']);
    const e4 = err({ ...base, name: 'RMSprop', momentum: -0.1 });
    assert.deepEqual(e4.problems.map((p) => p.path), ['optim_spec.momentum']);
  });
});
