// Test helpers: the SLM Lab reference spec files (copied unchanged into fixtures/) and small
// valid specs to corrupt one key at a time.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { resolveSpec } from '../../src/spec/index';
import { SpecError } from '../../src/util/errors';

/** Tests run from the repository root (scripts/test.mjs sets cwd). */
export const SLM_SPEC_DIR = join(process.cwd(), 'test/spec/fixtures/slm_specs');

/** The reference spec file names, sorted. */
export function slmSpecFiles(): string[] {
  return readdirSync(SLM_SPEC_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** One reference file's text. */
export function slmSpecText(file: string): string {
  return readFileSync(join(SLM_SPEC_DIR, file), 'utf8');
}

/** A small valid DQN + ConvNet spec (fresh object each call). */
export function dqnSpec(): Record<string, any> {
  return {
    agent: {
      name: 'catch_dqn',
      algorithm: {
        name: 'DQN',
        explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.05, start_step: 0, end_step: 1000 },
        gamma: 0.99,
        training_batch_iter: 1,
        training_iter: 1,
        training_frequency: 4,
        training_start_step: 32,
      },
      memory: { name: 'Replay', batch_size: 32, max_size: 10000 },
      net: {
        type: 'ConvNet',
        conv_hid_layers: [
          [16, 5, 2],
          [32, 3, 1, 0, 1],
        ],
        fc_hid_layers: [64],
      },
    },
    env: { name: 'catch', max_frame: 10000 },
    meta: { eval_frequency: 1000 },
  };
}

/** A small valid PPO + MLPNet spec (fresh object each call). */
export function ppoSpec(): Record<string, any> {
  return {
    agent: {
      algorithm: {
        name: 'PPO',
        gamma: 0.99,
        lam: 0.95,
        clip_eps_spec: { name: 'no_decay', start_val: 0.2 },
        time_horizon: 32,
        minibatch_size: 16,
        training_epoch: 4,
      },
      memory: { name: 'OnPolicyBatchReplay' },
      net: { type: 'MLPNet', hid_layers: [64, 64], shared: false },
    },
    env: { name: 'cartpole', num_envs: 2 },
  };
}

/** The SpecError thrown by resolving `raw`. */
export function specError(raw: unknown, name?: string): SpecError {
  try {
    resolveSpec(raw, name === undefined ? {} : { name });
  } catch (e) {
    assert.ok(e instanceof SpecError, `expected SpecError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a SpecError');
}

/** The message of the problem at `path` (fails when there is none). */
export function problemAt(e: SpecError, path: string): string {
  const p = e.problems.find((x) => x.path === path);
  assert.ok(p, `no problem at ${path}; got:\n${e.message}`);
  return p.message;
}

