import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpec, specNames } from '../../src/spec/index';
import { SpecError } from '../../src/util/errors';
import { dqnSpec, ppoSpec, problemAt, slmSpecText, specError } from './spec_fixtures';

describe('choosing a spec', () => {
  test('a single spec (the inner object) resolves, named after its agent', () => {
    const { spec } = resolveSpec(dqnSpec());
    assert.equal(spec.name, 'catch_dqn');
    assert.deepEqual(specNames(dqnSpec()), ['catch_dqn']);
  });

  test('a file with one named spec needs no name', () => {
    assert.equal(resolveSpec({ mine: dqnSpec() }).spec.name, 'mine');
  });

  test('several named specs and no name: an error listing the names', () => {
    const e = specError({ a_spec: dqnSpec(), b_spec: ppoSpec() });
    assert.match(e.message, /holds 2 specs; choose one by name: "a_spec", "b_spec"/);
  });

  test('an unknown name suggests the nearest', () => {
    const text = slmSpecText('ppo_atari.json');
    const e = specError(text, 'ppo_atari_lam58');
    assert.match(e.problems[0]!.message, /no spec named "ppo_atari_lam58" \(did you mean 'ppo_atari_lam85'\?\)/);
    assert.match(e.problems[0]!.message, /"ppo_atari_nosticky"/);
  });

  test('specNames lists a file in order', () => {
    assert.deepEqual(specNames(slmSpecText('ppo_atari.json')), [
      'ppo_atari',
      'ppo_atari_lam85',
      'ppo_atari_lam70',
      'ppo_atari_nosticky',
    ]);
  });

  test('text that does not parse, or is not an object, is a SpecError', () => {
    assert.match(specError('{"a": }').problems[0]!.path, /^line 1, column 7$/);
    assert.match(specError(42).message, /must be a JSON object \(got 42\)/);
    assert.match(specError({ s: 'nope' }, 's').message, /s: must be a spec object/);
  });
});

describe('problems', () => {
  test('the message format: a count, the spec name, then each path and message', () => {
    const raw = dqnSpec();
    raw.agent.net.conv_hid_layers[1][2] = 0;
    raw.agent.memory.batch_size = 64;
    raw.agent.memory.max_size = 32;
    const e = specError({ catch_dqn: raw });
    assert.equal(
      e.message,
      [
        '2 problems in spec "catch_dqn"',
        '  agent.memory.batch_size: must be <= agent.memory.max_size (got 64 > 32)',
        '  agent.net.conv_hid_layers[1][2]: stride must be a positive integer (got 0)',
      ].join('\n'),
    );
    assert.equal(e.code, 'SPEC_INVALID');
    assert.equal(e.specName, 'catch_dqn');
  });

  test('every problem in every section is collected into one error', () => {
    const raw = dqnSpec();
    raw.agent.algorithm.gamma = 1.5;
    raw.agent.memory.use_cer = 'yes';
    raw.agent.net.fc_hid_layers = [64, -1];
    raw.agent.net.hid_layers_activation = 'rleu';
    raw.env.num_envs = 0;
    raw.meta.eval_frequency = 'often';
    const e = specError(raw);
    assert.equal(e.problems.length, 6);
    assert.equal(problemAt(e, 'agent.algorithm.gamma'), 'must be in [0, 1] (got 1.5)');
    assert.equal(problemAt(e, 'agent.memory.use_cer'), 'must be true or false (got "yes")');
    assert.equal(problemAt(e, 'agent.net.fc_hid_layers[1]'), 'must be a positive integer (got -1)');
    assert.match(problemAt(e, 'agent.net.hid_layers_activation'), /unknown activation "rleu" \(did you mean 'relu'\?\)/);
    assert.equal(problemAt(e, 'env.num_envs'), 'must be a positive integer (got 0)');
    assert.equal(problemAt(e, 'meta.eval_frequency'), 'must be a positive integer (got "often")');
  });

  test('unknown keys suggest the nearest known key', () => {
    const raw = dqnSpec();
    raw.agent.net.fc_hid_layer = [3];
    raw.agent.memory.max_szie = 5;
    raw.serch = {};
    const e = specError(raw);
    assert.equal(problemAt(e, 'agent.net.fc_hid_layer'), "unknown key (did you mean 'fc_hid_layers'?)");
    assert.equal(problemAt(e, 'agent.memory.max_szie'), "unknown key (did you mean 'max_size'?)");
    assert.equal(problemAt(e, 'serch'), "unknown key (did you mean 'search'?)");
  });

  test('missing sections and required keys are named', () => {
    const e = specError({ agent: { net: { type: 'MLPNet', hid_layers: [] } }, env: {} });
    assert.equal(problemAt(e, 'agent.algorithm'), 'is required');
    assert.equal(problemAt(e, 'agent.memory'), 'is required');
    assert.equal(problemAt(e, 'env.name'), 'is required');
  });

  test('multi-agent and multi-env lists are errors with their path', () => {
    const raw = dqnSpec();
    raw.agent = [raw.agent, raw.agent];
    raw.env = [];
    const e = specError(raw);
    assert.match(problemAt(e, 'agent'), /multi-agent specs are not supported: give exactly one agent \(got 2 agents\)/);
    assert.match(problemAt(e, 'env'), /multi-env specs are not supported.*an empty list/);
  });

  test('a one-element agent list reports paths under agent[0]', () => {
    const raw = dqnSpec();
    raw.agent.net.update_type = 'soft';
    raw.agent = [raw.agent];
    const e = specError(raw);
    assert.match(problemAt(e, 'agent[0].net.update_type'), /unknown update_type "soft"/);
  });

  test('DQN with on-policy memory, and on-policy algorithms with replay, are errors', () => {
    const d = dqnSpec();
    d.agent.memory = { name: 'OnPolicyReplay' };
    assert.match(problemAt(specError(d), 'agent.memory.name'), /DQN learns off-policy and needs 'Replay'/);
    const p = ppoSpec();
    p.agent.memory = { name: 'Replay', batch_size: 4, max_size: 8 };
    assert.match(problemAt(specError(p), 'agent.memory.name'), /PPO learns on-policy/);
  });

  test('PPO minibatch_size must fit in time_horizon * num_envs', () => {
    const p = ppoSpec();
    p.agent.algorithm.minibatch_size = 128;
    assert.equal(
      problemAt(specError(p), 'agent.algorithm.minibatch_size'),
      'must be <= agent.algorithm.time_horizon * env.num_envs (got 128 > 64)',
    );
  });

  test('the envs really stepped (a game\'s copies) replace env.num_envs in that check', () => {
    const p = ppoSpec();
    p.agent.algorithm.minibatch_size = 128;
    // 32 steps per env: 4 copies make a rollout of 128 rows, so a minibatch of 128 fits.
    assert.equal(resolveSpec(p, { numEnvs: 4 }).spec.agent.algorithm.name, 'PPO');
    assert.throws(() => resolveSpec(p, { numEnvs: 1 }), (e: unknown) => e instanceof SpecError
      && problemAt(e, 'agent.algorithm.minibatch_size') === 'must be <= agent.algorithm.time_horizon * 1 envs (got 128 > 32)');
  });
});

describe('warnings', () => {
  test('SLM Lab keys with no meaning here are warnings, not errors', () => {
    const raw = dqnSpec();
    raw.search = { agent: {} };
    raw.body = { product: 'outer', num: 1 };
    Object.assign(raw.meta, {
      distributed: false,
      max_session: 4,
      max_trial: 1,
      search_resources: {},
      search_scheduler: {},
    });
    Object.assign(raw.env, { life_loss_info: true, repeat_action_probability: 0 });
    raw.agent.net.gpu = true;
    raw.agent.net.shared = true;
    const { spec, warnings } = resolveSpec(raw);
    const paths = warnings.map((w) => w.path).sort();
    assert.deepEqual(paths, [
      'agent.net.gpu',
      'agent.net.shared',
      'body',
      'env.life_loss_info',
      'env.repeat_action_probability',
      'meta.distributed',
      'meta.max_session',
      'meta.max_trial',
      'meta.search_resources',
      'meta.search_scheduler',
      'search',
    ]);
    assert.equal(spec.agent.net.gpu, true);
    for (const w of warnings) assert.ok(w.message.length > 0);
    assert.ok(Object.isFrozen(warnings));
  });
});

describe('the result', () => {
  test('is deeply frozen', () => {
    const { spec } = resolveSpec(dqnSpec());
    assert.ok(Object.isFrozen(spec.agent.net.conv_hid_layers[0]));
    assert.ok(Object.isFrozen(spec.env) && Object.isFrozen(spec.meta) && Object.isFrozen(spec.agent.memory));
    assert.throws(() => {
      (spec.agent.net.fc_hid_layers as number[]).push(1);
    }, TypeError);
  });

  test('resolving never mutates its input', () => {
    const raw = { a: dqnSpec(), b: ppoSpec() };
    const before = JSON.stringify(raw);
    resolveSpec(raw, { name: 'a' });
    resolveSpec(raw, { name: 'b' });
    raw.a.agent.memory.batch_size = -1;
    const bad = JSON.stringify(raw);
    assert.throws(() => resolveSpec(raw, { name: 'a' }), SpecError);
    assert.equal(JSON.stringify(raw), bad);
    assert.notEqual(before, bad);
    assert.equal(Object.isFrozen(raw.a.agent), false);
  });

  test('the agent name defaults to the algorithm name', () => {
    const { spec } = resolveSpec({ p: ppoSpec() });
    assert.equal(spec.agent.name, 'PPO');
    assert.equal(spec.name, 'p');
  });
});
