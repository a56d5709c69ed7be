"""pixelpilot_gym: a pixelpilot game's own Phaser scene, run headless by ``pixelpilot serve``, as a
Gymnasium 1.x env for Python trainers. Pure Python 3 and numpy; uses Gymnasium's classes and
spaces when ``gymnasium`` is installed, stand-ins with the same attributes when it is not.

    from pixelpilot_gym import GameVectorEnv
    with GameVectorEnv("demos/catch/training.ts", num_envs=4, seed=1) as envs:
        obs, infos = envs.reset()
        obs, rewards, terminations, truncations, infos = envs.step(envs.action_space.sample())

See docs/python.md.
"""
from .env import GameEnv
from .errors import (BadActionError, PixelpilotError, ProtocolError, ProtocolVersionError, ResetNeededError, ServerError,
                     ServerGoneError, ServerStartError, ServerTimeoutError)
from .safetensors import read_safetensors, write_safetensors
from .spaces import HAVE_GYMNASIUM, Box, Discrete, MultiDiscrete
from .spec_file import read_spec
from .vector_env import GameVectorEnv, __version__

__all__ = [
    "GameEnv", "GameVectorEnv", "Box", "Discrete", "MultiDiscrete", "HAVE_GYMNASIUM",
    "PixelpilotError", "ServerError", "ProtocolVersionError", "BadActionError", "ResetNeededError", "ProtocolError",
    "ServerGoneError", "ServerStartError", "ServerTimeoutError", "read_safetensors", "write_safetensors", "read_spec",
    "__version__",
]
