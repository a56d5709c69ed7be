"""Checks of the recipes in python/examples/ that can run on these machines (no ray, no gymnasium,
no SLM Lab here): every file compiles; game_env_factory imports without them and builds the right
GameEnv arguments; rllib_catch imports without ray; the SLM Lab spec file passes SLM Lab's own spec
checks and its env keys are the ones make_slm_lab_env accepts. Run by test/examples/python_recipes.test.ts
(`python3 test/python/recipe_checks.py`, unittest); exits non-zero on any failure.
"""
import glob
import json
import os
import py_compile
import sys
import tempfile
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "python", "examples")
sys.path.insert(0, EXAMPLES)

# slm_lab/spec/spec_util.py's SPEC_FORMAT (SLM Lab master, 2026-03) and slm_lab/env/__init__.py's
# RESERVED_KEYS (the env keys make_env keeps; every other one goes to gymnasium.make).
SLM_LAB_SPEC_FORMAT = {
    "agent": {"name": str, "algorithm": dict, "memory": dict, "net": dict},
    "env": {"name": str, "max_t": (type(None), int, float), "max_frame": (int, float)},
    "meta": {"max_session": int, "max_trial": (type(None), int)},
}
SLM_LAB_RESERVED_ENV_KEYS = {"name", "num_envs", "max_t", "max_frame", "normalize_obs", "normalize_reward", "clip_obs", "clip_reward", "device", "reward_scale"}


class Recorded:
    """Stands in for pixelpilot_gym.GameEnv where no server can start: records its arguments."""

    def __init__(self, **kwargs):
        self.kwargs = kwargs


class EnvContext(dict):
    """RLlib's EnvContext: the env_config dict plus the env's indexes."""

    def __init__(self, config, worker_index, vector_index):
        super().__init__(config)
        self.worker_index = worker_index
        self.vector_index = vector_index


class Compiles(unittest.TestCase):
    def test_every_example_compiles(self):
        files = sorted(glob.glob(os.path.join(EXAMPLES, "*.py")))
        self.assertGreaterEqual(len(files), 4, files)
        with tempfile.TemporaryDirectory() as tmp:
            for path in files:
                py_compile.compile(path, cfile=os.path.join(tmp, os.path.basename(path) + "c"), doraise=True)


class Factory(unittest.TestCase):
    def test_imports_without_ray_gymnasium_or_the_client(self):
        import game_env_factory  # noqa: F401
        import rllib_catch

        for name in ("ray", "gymnasium", "pixelpilot_gym"):
            self.assertNotIn(name, sys.modules, f"{name} was imported")
        self.assertTrue(callable(rllib_catch.build_config))

    def test_arguments_and_seeds_per_runner_and_env(self):
        from game_env_factory import game_env_arguments

        config = {"entry": "demos/catch/training.ts", "seed": 7}
        self.assertEqual(game_env_arguments(config), {"entry": "demos/catch/training.ts", "seed": 7, "command": ["npx", "pixelpilot"]})
        self.assertEqual(game_env_arguments(config, 2, 1)["seed"], 2008)
        seeds = {game_env_arguments(config, w, v)["seed"] for w in range(5) for v in range(4)}
        self.assertEqual(len(seeds), 20, "every env its own seed")
        self.assertIsNone(game_env_arguments({"entry": "e.ts"}, 3, 2)["seed"])
        full = game_env_arguments({"entry": "e.ts", "command": ["node", "dist/cli.js"], "cwd": "/game", "host": "10.0.0.2", "port": 7000})
        self.assertEqual(full, {"entry": "e.ts", "seed": None, "command": ["node", "dist/cli.js"], "cwd": "/game", "host": "10.0.0.2", "port": 7000})

    def test_bad_configs_are_errors(self):
        from game_env_factory import game_env_arguments

        for config, message in [
            ({"entry": "e.ts", "num_envs": 4}, "unknown env_config keys \\['num_envs'\\]"),
            ({}, "env_config\\['entry'\\] must be the training entry's path"),
            ({"entry": "e.ts", "command": "npx pixelpilot"}, "must be a list of argv words"),
            ({"entry": "e.ts", "seed": "1"}, "must be an int or None"),
        ]:
            with self.assertRaisesRegex(ValueError, message):
                game_env_arguments(config)

    def test_make_game_env_reads_rllibs_env_context(self):
        from game_env_factory import make_game_env

        env = make_game_env(EnvContext({"entry": "demos/catch/training.ts", "seed": 1, "command": ["npx", "pixelpilot"]}, 3, 1), env_class=Recorded)
        self.assertEqual(env.kwargs, {"entry": "demos/catch/training.ts", "seed": 3002, "command": ["npx", "pixelpilot"]})
        plain = make_game_env({"entry": "demos/catch/training.ts", "seed": 1}, env_class=Recorded)
        self.assertEqual(plain.kwargs["seed"], 1)


class SlmLab(unittest.TestCase):
    def spec(self):
        with open(os.path.join(EXAMPLES, "catch_dqn_slm_lab.json")) as f:
            specs = json.load(f)  # SLM Lab reads spec files with json.loads: strict JSON
        self.assertEqual(list(specs), ["ddqn_catch_pixels_slm_lab"])
        return specs["ddqn_catch_pixels_slm_lab"]

    def test_spec_passes_slm_labs_format_check(self):
        spec = self.spec()
        for part, fields in SLM_LAB_SPEC_FORMAT.items():
            for key, kind in fields.items():
                self.assertIn(key, spec[part], f"{part}.{key}")
                self.assertIsInstance(spec[part][key], kind, f"{part}.{key}")
        self.assertIs(spec["meta"]["distributed"], False)  # make_env reads it unconditionally
        self.assertEqual(spec["env"]["name"], "pixelpilot/Catch-v0")

    def test_env_keys_slm_lab_hands_gymnasium_make_are_accepted(self):
        from game_env_factory import slm_lab_env_arguments

        env = self.spec()["env"]
        make_kwargs = {k: v for k, v in env.items() if k not in SLM_LAB_RESERVED_ENV_KEYS}
        registered = {"entry": "demos/catch/training.ts", "command": ["npx", "pixelpilot"], "cwd": "/game"}
        arguments, frame_stack = slm_lab_env_arguments({**registered, **make_kwargs, "render_mode": None})
        self.assertEqual(arguments, {"entry": "demos/catch/training.ts", "seed": None, "command": ["npx", "pixelpilot"], "cwd": "/game"})
        self.assertEqual(frame_stack, 1)
        with self.assertRaisesRegex(ValueError, "channel axis \\('concat'\\) only"):
            slm_lab_env_arguments({**registered, "frame_op": "stack"})

    def test_frame_stack_check_and_channels_first(self):
        from game_env_factory import channels_first, check_frame_stack

        check_frame_stack((10, 10, 1), 1)
        check_frame_stack((48, 48, 6), 2)  # RGB, 2 frames
        check_frame_stack((10, 10, 4), None)
        with self.assertRaisesRegex(ValueError, "the spec stacks 1 frames .* but the game serves 4 channels"):
            check_frame_stack((10, 10, 4), 1)
        obs = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
        chw = channels_first(obs)
        self.assertEqual(chw.shape, (4, 2, 3))
        self.assertEqual(chw[3, 1, 2], obs[1, 2, 3])
        self.assertEqual(channels_first(np.stack([obs, obs])).shape, (2, 4, 2, 3))


if __name__ == "__main__":
    unittest.main(verbosity=2)
