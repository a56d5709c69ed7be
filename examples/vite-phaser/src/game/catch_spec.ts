/**
 * The agent's recipe: an SLM Lab spec (DQN with a small ConvNet on 84x84 gray frames, 4 stacked).
 * Small so that it learns catch in a few minutes of play on a laptop's CPU (wasm).
 */
export const catchSpec = {
  catch_dqn: {
    agent: {
      name: 'DoubleDQN',
      algorithm: {
        name: 'DoubleDQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy',
        explore_var_spec: { name: 'linear_decay', start_val: 1.0, end_val: 0.05, start_step: 0, end_step: 2000 },
        gamma: 0.9, training_batch_iter: 1, training_iter: 1, training_frequency: 4, training_start_step: 32,
      },
      memory: { name: 'Replay', batch_size: 32, max_size: 10000 },
      net: {
        type: 'ConvNet', conv_hid_layers: [[8, 8, 4, 0, 1], [16, 4, 2, 0, 1]], fc_hid_layers: [64],
        hid_layers_activation: 'relu', normalize: true, update_type: 'replace', update_frequency: 100,
        loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 },
      },
    },
    env: { name: 'catch_game', frame_op: 'concat', frame_op_len: 4 },
    meta: { random_seed: 7 },
  },
};
