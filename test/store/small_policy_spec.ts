/** The small DQN ConvNet spec (with batch norm buffers) the store suites write policies of. */
import { resolveSpec } from '../../src/spec/index';

export const { spec: SMALL_POLICY_SPEC } = resolveSpec({
  agent: {
    name: 'a',
    algorithm: { name: 'DQN', action_policy: 'boltzmann', explore_var_spec: { name: 'no_decay', start_val: 1, end_val: 1, start_step: 0, end_step: 0 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
    memory: { name: 'Replay', batch_size: 2, max_size: 10 },
    net: { type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 0, 1], [4, 3, 1, 0, 1]], fc_hid_layers: [8], batch_norm: true },
  },
  env: { name: 'catch' },
});
