import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEMORIES, createMemory } from '../../src/memory/registry';
import { OnPolicyBatchReplay } from '../../src/memory/on_policy_batch_replay';
import { OnPolicyReplay } from '../../src/memory/on_policy_replay';
import { PrioritizedReplay } from '../../src/memory/prioritized_replay';
import { Replay } from '../../src/memory/replay';
import type { MemoryName, MemoryOptions } from '../../src/memory/types';
import { ShapeError, SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

const opts: MemoryOptions = {
  obsShape: [84, 84, 4],
  obsDtype: 'uint8',
  actionSpace: { type: 'discrete', n: 6 },
  frameStack: 4,
  numEnvs: 2,
  rng: new Rng(0),
};

test('createMemory builds each registered memory from SLM Lab memory specs', () => {
  assert.deepEqual(Object.keys(MEMORIES).sort(), ['OnPolicyBatchReplay', 'OnPolicyReplay', 'PrioritizedReplay', 'Replay']);
  const per = createMemory(
    { name: 'PrioritizedReplay', alpha: 0.6, epsilon: 0.0001, batch_size: 32, max_size: 2000, use_cer: false },
    opts,
  );
  assert.ok(per instanceof PrioritizedReplay);
  assert.equal(per.alpha, 0.6);
  assert.equal(per.betaStart, 0.4);
  const replay = createMemory({ name: 'Replay', batch_size: 32, max_size: 1000, use_cer: true }, opts);
  assert.ok(replay instanceof Replay && !(replay instanceof PrioritizedReplay));
  assert.equal(replay.useCer, true);
  const batch = createMemory({ name: 'OnPolicyBatchReplay' }, { ...opts, trainingFrequency: 128 });
  assert.ok(batch instanceof OnPolicyBatchReplay);
  assert.equal(batch.trainingFrequency, 128);
  assert.ok(createMemory({ name: 'OnPolicyReplay' }, opts) instanceof OnPolicyReplay);
});

test('unknown names, bad sizes and indivisible stacks are typed errors', () => {
  assert.throws(
    () => createMemory({ name: 'Replay2' as MemoryName }, opts),
    (e: unknown) => e instanceof SpecError && e.problems[0].path === 'memory.name',
  );
  assert.throws(
    () => createMemory({ name: 'PrioritizedReplay', max_size: -5, alpha: 'high' as unknown as number }, opts),
    (e: unknown) =>
      e instanceof SpecError &&
      JSON.stringify(e.problems.map((p) => p.path).sort()) === JSON.stringify(['memory.alpha', 'memory.max_size']),
  );
  assert.throws(() => createMemory({ name: 'OnPolicyBatchReplay', training_frequency: 0 }, opts), SpecError);
  assert.throws(() => createMemory({ name: 'Replay' }, { ...opts, frameStack: 3 }), ShapeError);
});
