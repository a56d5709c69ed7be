"""Env factories for running a pixelpilot game under other trainers (RLlib, SLM Lab, any Gymnasium user).

Each env this module makes is a `pixelpilot_gym.GameEnv`: a client that starts its own
`pixelpilot serve --game ENTRY` (one headless Chromium running the game's own scene) through the
command given, and stops it on `close()`. The argument builders below are plain functions (no ray,
no gymnasium, no pixelpilot_gym at import), so that recipes can be checked where those packages
cannot be installed; see docs/past_one_machine.md.

Seeds: every env of a run gets its own, `seed + 1000 * worker_index + vector_index` (RLlib's
EnvContext gives both indexes; SLM Lab's vector envs are seeded by Gymnasium's reset(seed=...)), so
no two copies replay the same episodes.
"""

DEFAULT_COMMAND = ("npx", "pixelpilot")
"""argv words that run the pixelpilot CLI (the client appends `serve --game ENTRY ...`)."""

ENV_CONFIG_KEYS = ("entry", "command", "seed", "cwd", "host", "port")
"""Keys an env_config may hold; any other key is an error, not silently dropped."""


def game_env_arguments(env_config, worker_index=0, vector_index=0):
    """GameEnv's keyword arguments for one env of a run.

    env_config: a dict (RLlib passes its EnvContext, a dict subclass) with `entry` (the training
    entry's path, required), `command` (argv words, default DEFAULT_COMMAND), `seed` (int or None),
    `cwd` (the game's project, where the command runs and the entry's path starts; default the
    process's), and `host`/`port` (to connect to a server that is already running instead of
    starting one).
    worker_index, vector_index: which env runner (0 = RLlib's local one) and which env within it.
    """
    unknown = sorted(set(env_config) - set(ENV_CONFIG_KEYS))
    if unknown:
        raise ValueError(f"unknown env_config keys {unknown} (known: {list(ENV_CONFIG_KEYS)})")
    entry = env_config.get("entry")
    if not isinstance(entry, str) or entry == "":
        raise ValueError("env_config['entry'] must be the training entry's path, e.g. 'demos/catch/training.ts'")
    command = env_config.get("command", DEFAULT_COMMAND)
    if isinstance(command, str) or not all(isinstance(w, str) for w in command):
        raise ValueError(f"env_config['command'] must be a list of argv words, e.g. ['npx', 'pixelpilot'] (got {command!r})")
    seed = env_config.get("seed")
    if seed is not None and not isinstance(seed, int):
        raise ValueError(f"env_config['seed'] must be an int or None (got {seed!r})")
    arguments = {
        "entry": entry,
        "seed": None if seed is None else seed + 1000 * int(worker_index) + int(vector_index),
        "command": list(command),
    }
    for key in ("cwd", "host", "port"):
        if env_config.get(key) is not None:
            arguments[key] = env_config[key]
    return arguments


def make_game_env(env_config, env_class=None):
    """An RLlib env creator: `register_env("pixelpilot-catch", make_game_env)`.

    Reads RLlib's EnvContext (env_config plus .worker_index and .vector_index attributes; a plain
    dict counts as worker 0, env 0) and builds `env_class(**game_env_arguments(...))`, by default
    pixelpilot_gym.GameEnv (imported here, at the first env).
    """
    if env_class is None:
        from pixelpilot_gym import GameEnv as env_class  # noqa: N813 (the class, by its own name)
    worker_index = getattr(env_config, "worker_index", 0)
    vector_index = getattr(env_config, "vector_index", 0)
    return env_class(**game_env_arguments(dict(env_config), worker_index, vector_index))


def slm_lab_env_arguments(kwargs):
    """GameEnv's arguments from what SLM Lab passes to gymnasium.make for a registered id.

    SLM Lab (slm_lab/env/__init__.py, make_env) hands every key of the spec's `env` that it does
    not use itself to gym.make: here `frame_op` and `frame_op_len` (pixelpilot's frame stack, for the
    same spec file) and `render_mode`. The registration's own kwargs (`entry`, `command`, `seed`)
    come along. Returns (GameEnv arguments, the frame stack the spec asks for or None).
    """
    kwargs = dict(kwargs)
    kwargs.pop("render_mode", None)  # the game renders in its own headless page
    frame_op = kwargs.pop("frame_op", None)
    if frame_op not in (None, "concat"):
        raise ValueError(f"frame_op {frame_op!r}: pixelpilot stacks frames on the channel axis ('concat') only")
    frame_stack = kwargs.pop("frame_op_len", None)
    return game_env_arguments(kwargs), frame_stack


def check_frame_stack(observation_shape, frame_stack):
    """Raises ValueError when an [H, W, C] observation does not hold `frame_stack` frames (gray or RGB)."""
    if frame_stack is None:
        return
    channels = observation_shape[-1]
    if channels not in (frame_stack, 3 * frame_stack):
        raise ValueError(
            f"the spec stacks {frame_stack} frames (env.frame_op_len) but the game serves {channels} channels "
            "per observation: set the training entry's observation.frameStack to the spec's frame_op_len"
        )


def channels_first(observation):
    """An [H, W, C] (or [N, H, W, C]) uint8 observation as [C, H, W] (or [N, C, H, W]): SLM Lab's ConvNet input layout."""
    return observation.transpose(*range(observation.ndim - 3), -1, -3, -2)
