"""GameEnv: one copy of a game's scene as a single Gymnasium env (``gymnasium.Env`` where
Gymnasium is installed), over a one-copy GameVectorEnv.
"""
import numpy as np

from .errors import BadActionError, ResetNeededError
from .spaces import HAVE_GYMNASIUM
from .vector_env import GameVectorEnv

if HAVE_GYMNASIUM:  # pragma: no cover - depends on the machine
    import gymnasium

    _Base = gymnasium.Env
else:
    _Base = object


class GameEnv(_Base):
    """One copy of ``entry``'s scene: ``reset(seed=None, options=None) -> (obs, info)``,
    ``step(action) -> (obs, reward, terminated, truncated, info)``, obs uint8 (H, W, C).

    Takes GameVectorEnv's arguments (``port``, ``host``, ``command``, ``token``, ``server_args``,
    the timeouts ...) but no ``num_envs``: it starts (or needs) a one-copy server. After an episode
    ends, call ``reset()``; ``step()`` before that raises ResetNeededError. On the step that ends an
    episode, ``info["episode"]`` is ``{"r": return, "l": length, "t": seconds}``.
    """

    metadata = {"render_modes": []}
    render_mode = None
    spec = None
    _np_random = None

    def __init__(self, entry, seed=None, port=None, host=None, command=None, token=None, **kwargs):
        self._vector = GameVectorEnv(entry, 1, seed=seed, port=port, host=host, command=command, token=token, **kwargs)
        self.observation_space = self._vector.single_observation_space
        self.action_space = self._vector.single_action_space
        self.action_names = self._vector.action_names
        self.welcome = self._vector.welcome
        self._needs_reset = True

    def reset(self, *, seed=None, options=None):
        """Starts a new episode: (observation uint8 (H, W, C), info {}). The same seed gives the same observation."""
        if HAVE_GYMNASIUM:  # pragma: no cover
            super().reset(seed=seed)
        elif seed is not None:
            self._np_random = np.random.default_rng(seed)
        obs, _ = self._vector.reset(seed=seed, options=options)
        self._needs_reset = False
        return obs[0], {}

    def step(self, action):
        """One decision: (observation, reward float, terminated bool, truncated bool, info)."""
        if self._needs_reset:
            raise ResetNeededError("step() before reset(), or after the episode ended: call reset()")
        a = np.asarray(action)
        if a.shape != () and a.shape != (1,):
            raise BadActionError(f"action must be one integer (got shape {a.shape})")
        obs, rewards, terminated, truncated, infos = self._vector.step(a.reshape(1))
        term, trunc = bool(terminated[0]), bool(truncated[0])
        info = {}
        if "_episode" in infos and infos["_episode"][0]:
            e = infos["episode"]
            info["episode"] = {"r": float(e["r"][0]), "l": int(e["l"][0]), "t": float(e["t"][0])}
        for key, value in infos.items():
            if key in ("episode", "_episode") or key.startswith("_"):
                continue
            mask = infos.get("_" + key)
            if mask is None:
                info[key] = value
            elif mask[0]:
                info[key] = value[0].item() if hasattr(value[0], "item") else value[0]
        if term or trunc:
            self._needs_reset = True
        return obs[0], float(rewards[0]), term, trunc, info

    def close(self):
        """Closes the connection and stops a server this env started. Idempotent."""
        self._vector.close()

    if not HAVE_GYMNASIUM:
        # What gymnasium.Env gives its subclasses, for code written against it.

        @property
        def unwrapped(self):
            return self

        @property
        def np_random(self):
            if self._np_random is None:
                self._np_random = np.random.default_rng()
            return self._np_random

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False
