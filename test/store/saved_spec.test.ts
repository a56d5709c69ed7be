/**
 * A saved (resolved) spec turns back into resolver input that resolves to the same spec: for
 * every spec of every SLM Lab reference file and the demo specs. That is what lets loadAgent
 * rebuild an agent from the policy alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSpec, specNames } from '../../src/spec/index';
import { specInput } from '../../src/store/saved_spec';
import { StorageError } from '../../src/util/errors';

const DIRS = ['test/spec/fixtures/slm_specs', 'demos/specs', 'test/algorithm/specs'];

test('every reference and demo spec, resolved, round-trips through specInput', () => {
  let count = 0;
  for (const dir of DIRS) {
    for (const file of readdirSync(join(process.cwd(), dir)).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(process.cwd(), dir, file), 'utf8');
      for (const name of specNames(text)) {
        let saved;
        try {
          saved = resolveSpec(text, { name }).spec;
        } catch {
          continue; // specs this SDK cannot run (e.g. template env names) are never saved
        }
        const input = specInput(saved, `${file}:${name}`);
        assert.deepEqual(resolveSpec(input).spec, saved, `${file}:${name}`);
        count++;
      }
    }
  }
  assert.ok(count >= 15, `${count} specs`);
  console.log(`${count} resolved specs round-trip`);
});

test('a saved spec that no longer resolves is a StorageError naming the place', () => {
  const { spec } = resolveSpec(readFileSync(join(process.cwd(), 'demos/specs/dqn_catch.json'), 'utf8'));
  const broken = structuredClone(spec) as unknown as Record<string, any>;
  broken.agent.algorithm.gamma = 'high';
  assert.throws(() => specInput(broken as never, 'indexeddb://x'), (e) => e instanceof StorageError && /indexeddb:\/\/x: the policy's saved spec no longer resolves/.test(e.message));
});

test("a spec saved before later keys existed (algorithm's demonstration keys, net.policy_head_init_scale) resolves with their defaults; any other difference is a StorageError", () => {
  const { spec } = resolveSpec(readFileSync(join(process.cwd(), 'demos/specs/pong_ppo_natureish.json'), 'utf8'));
  const old = structuredClone(spec) as unknown as Record<string, any>;
  delete old.agent.net.policy_head_init_scale;
  delete old.agent.algorithm.demo_pretrain_steps;
  assert.deepEqual(resolveSpec(specInput(old as never, 'old.ppol')).spec, spec, 'filled with the defaults');
  const changed = structuredClone(old);
  delete changed.agent.net.clip_grad_val; // not a later key: its absence is a difference
  assert.throws(() => specInput(changed as never, 'old.ppol'), (e) => e instanceof StorageError && /old\.ppol: the policy's saved spec resolves differently/.test(e.message));
});
