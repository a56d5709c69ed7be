"""Train SLM Lab's DoubleDQN on the catch demo's own Phaser scene, with the spec file pixelpilot reads.

SLM Lab makes its env with `gymnasium.make(spec["env"]["name"], **other env keys)`. This launcher
registers the id the spec names, `pixelpilot/Catch-v0`, as a pixelpilot_gym.GameEnv (each env starts
its own `pixelpilot serve --game demos/catch/training.ts`, one headless Chromium) whose
observations are turned channels-first for SLM Lab's ConvNet, then runs SLM Lab's own CLI. The
registration happens at import: SLM Lab runs each session in a spawned process, which imports this
file again (as `__mp_main__`) and so registers the id there too.

Needs (not installable on pixelpilot's CI machines; see docs/past_one_machine.md): SLM Lab (its
repository, `uv sync`), gymnasium 1.x, pixelpilot_gym (the npm package's python/ folder on
PYTHONPATH), Node with pixelpilot and a Chromium. Run from SLM Lab's repository root, with the spec
copied under its slm_lab/spec/ folder:

    cp PIXELPILOT/python/examples/catch_dqn_slm_lab.json slm_lab/spec/
    PIXELPILOT_ROOT=PIXELPILOT uv run python PIXELPILOT/python/examples/slm_lab_catch.py \
        catch_dqn_slm_lab.json ddqn_catch_pixels_slm_lab train

Then bring the trained net back into the game (SLM Lab saves `net.state_dict()` with torch.save):

    python3 PIXELPILOT/python/examples/slm_lab_to_safetensors.py data/.../*_net_model.pt --out catch.safetensors
    npx pixelpilot import catch.safetensors --spec PIXELPILOT/python/examples/catch_dqn_slm_lab.json \
        --game demos/catch/training.ts --out catch.ppol
"""
import os
import sys

import gymnasium as gym
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from game_env_factory import channels_first, check_frame_stack, slm_lab_env_arguments  # noqa: E402

ENV_ID = "pixelpilot/Catch-v0"
"""The id catch_dqn_slm_lab.json's env names."""

PIXELPILOT_ROOT = os.environ.get("PIXELPILOT_ROOT", os.getcwd())
"""The game's project (where `npx pixelpilot` runs and the entry's path starts)."""


class ChannelsFirst(gym.ObservationWrapper):
    """[H, W, C] uint8 observations as [C, H, W]: the layout SLM Lab's ConvNet (and pixelpilot's export) reads."""

    def __init__(self, env):
        super().__init__(env)
        h, w, c = env.observation_space.shape
        self.observation_space = gym.spaces.Box(0, 255, (c, h, w), np.uint8)

    def observation(self, observation):
        return channels_first(observation)


def make_slm_lab_env(**kwargs):
    """gymnasium's entry point for ENV_ID: a GameEnv seen channels-first, its frame stack checked against the spec's."""
    from pixelpilot_gym import GameEnv

    arguments, frame_stack = slm_lab_env_arguments(kwargs)
    env = GameEnv(**arguments)
    try:
        check_frame_stack(env.observation_space.shape, frame_stack)
    except ValueError:
        env.close()
        raise
    return ChannelsFirst(env)


gym.register(
    id=ENV_ID,
    entry_point=make_slm_lab_env,
    # No seed: SLM Lab seeds through reset(seed=...), and a fixed one here would give every env the same episodes.
    kwargs={"entry": "demos/catch/training.ts", "command": ["npx", "pixelpilot"], "cwd": PIXELPILOT_ROOT},
)


def main(argv):
    """Runs SLM Lab's CLI (`slm-lab run SPEC_FILE SPEC_NAME MODE`) in this process, where ENV_ID is registered."""
    from slm_lab.cli import cli

    sys.argv = ["slm-lab", "run", *argv]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:] or ["catch_dqn_slm_lab.json", "ddqn_catch_pixels_slm_lab", "dev"])
