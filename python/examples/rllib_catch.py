"""PPO on the catch demo's own Phaser scene with RLlib's new API stack, past one machine.

RLlib (new API stack) runs `num_env_runners` EnvRunner actors, on any machine of the Ray cluster;
each builds `num_envs_per_env_runner` envs from the creator registered here. The creator,
game_env_factory.make_game_env, makes a pixelpilot_gym.GameEnv, which starts its own `pixelpilot
serve --game ENTRY` (one headless Chromium with one copy of the game's scene) on the runner's
machine and stops it when the env closes. Each
machine that hosts env runners needs Node with the game's project (its node_modules with
pixelpilot), a Chromium, and pixelpilot_gym on PYTHONPATH.

Needs (not installable on pixelpilot's CI machines; see docs/past_one_machine.md): ray[rllib] 2.40+
(the new API stack is its default), gymnasium 1.x, torch, pixelpilot_gym.

    PYTHONPATH=node_modules/pixelpilot/python python3 node_modules/pixelpilot/python/examples/rllib_catch.py \
        --entry demos/catch/training.ts --env-runners 4 --envs-per-runner 2 --iterations 50

RLlib trains its own default RLModule (its own layer names), which `pixelpilot import` does not
read; to bring weights back into the game, train the spec's net (slm_lab_catch.py, or your own
torch loop writing the SLM Lab state_dict names) and import that.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from game_env_factory import make_game_env  # noqa: E402

ENV_NAME = "pixelpilot-catch"


def build_config(args):
    """The PPOConfig: the game env on `args.env_runners` runners x `args.envs_per_runner` envs, a small CNN for the 10x10 view."""
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.rllib.core.rl_module.default_model_config import DefaultModelConfig

    return (
        PPOConfig()
        .environment(ENV_NAME, env_config={"entry": args.entry, "command": args.command, "seed": args.seed, "cwd": args.cwd})
        .env_runners(num_env_runners=args.env_runners, num_envs_per_env_runner=args.envs_per_runner)
        # RLlib seeds each runner's vector env at reset (sub-env i of a runner gets its seed + i), which
        # GameEnv passes to its server; env_config's seed only seeds a server's copies before that.
        .debugging(seed=args.seed)
        .training(gamma=0.95, lr=3e-4, train_batch_size_per_learner=2000, minibatch_size=250, num_epochs=4)
        # [out_channels, kernel, stride] per conv, as the catch spec's ConvNet (16, 3, 1), (16, 3, 2); a 64-unit head.
        .rl_module(model_config=DefaultModelConfig(conv_filters=[[16, 3, 1], [16, 3, 2]], conv_activation="relu", head_fcnet_hiddens=[64]))
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entry", default="demos/catch/training.ts", help="the training entry, relative to --cwd")
    parser.add_argument("--cwd", default=os.getcwd(), help="the game's project on every machine (default: here)")
    parser.add_argument("--command", nargs="+", default=["npx", "pixelpilot"], help="argv words that run the pixelpilot CLI")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--env-runners", type=int, default=2)
    parser.add_argument("--envs-per-runner", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args(argv)

    import ray
    from ray.tune.registry import register_env

    ray.init()
    register_env(ENV_NAME, make_game_env)
    algo = build_config(args).build_algo()
    try:
        for i in range(args.iterations):
            result = algo.train()
            runners = result.get("env_runners", {})
            print(f"iteration {i + 1}: episode_return_mean {runners.get('episode_return_mean')}, "
                  f"env steps {result.get('num_env_steps_sampled_lifetime')}")
    finally:
        algo.stop()
        ray.shutdown()


if __name__ == "__main__":
    main()
