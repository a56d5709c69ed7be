"""Box, Discrete and MultiDiscrete: Gymnasium's own where ``gymnasium`` imports, else stand-ins
with the same constructor arguments and attributes (shape, dtype, low, high, n, nvec, np_random,
sample(), contains(), seed()), so code that uses the spaces runs the same either way.
"""
import numpy as np

try:  # pragma: no cover - depends on the machine
    import gymnasium as _gym
    from gymnasium.spaces import Box, Discrete, MultiDiscrete, Space

    HAVE_GYMNASIUM = True
except ImportError:
    _gym = None
    HAVE_GYMNASIUM = False


if not HAVE_GYMNASIUM:

    class Space:
        """Stand-in for gymnasium.spaces.Space: a shape, a dtype and a seeded numpy Generator."""

        def __init__(self, shape=None, dtype=None, seed=None):
            self._shape = None if shape is None else tuple(int(d) for d in shape)
            self.dtype = None if dtype is None else np.dtype(dtype)
            self._np_random = None
            if seed is not None:
                self.seed(seed)

        @property
        def shape(self):
            return self._shape

        @property
        def np_random(self):
            """The space's numpy Generator (seeded from OS entropy on first use unless seed() was called)."""
            if self._np_random is None:
                self.seed()
            return self._np_random

        def seed(self, seed=None):
            """Seeds the sampler; returns the seed used (a fresh one when ``seed`` is None)."""
            if seed is None:
                seed = int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0]) >> 1
            self._np_random = np.random.default_rng(seed)
            return seed

        def __contains__(self, x):
            return self.contains(x)

    class Box(Space):
        """Stand-in for gymnasium.spaces.Box: ``low <= x <= high`` elementwise, of ``shape`` and ``dtype``."""

        def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
            dtype = np.dtype(dtype)
            if shape is None:
                shape = np.shape(low) if np.ndim(low) > 0 else np.shape(high)
            shape = tuple(int(d) for d in shape)
            self.low = np.full(shape, low, dtype=dtype) if np.ndim(low) == 0 else np.asarray(low, dtype=dtype)
            self.high = np.full(shape, high, dtype=dtype) if np.ndim(high) == 0 else np.asarray(high, dtype=dtype)
            super().__init__(shape, dtype, seed)

        def sample(self, mask=None):
            if np.issubdtype(self.dtype, np.integer):
                return self.np_random.integers(self.low, self.high.astype(np.int64) + 1, size=self.shape).astype(self.dtype)
            return self.np_random.uniform(self.low, self.high, size=self.shape).astype(self.dtype)

        def contains(self, x):
            if not isinstance(x, np.ndarray):
                try:
                    x = np.asarray(x, dtype=self.dtype)
                except (ValueError, TypeError):
                    return False
            return bool(np.can_cast(x.dtype, self.dtype) and x.shape == self.shape and np.all(x >= self.low) and np.all(x <= self.high))

        def __repr__(self):
            return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"

        def __eq__(self, other):
            return (isinstance(other, Box) and self.shape == other.shape and self.dtype == other.dtype
                    and np.array_equal(self.low, other.low) and np.array_equal(self.high, other.high))

    class Discrete(Space):
        """Stand-in for gymnasium.spaces.Discrete: integers ``start .. start + n - 1`` (int64)."""

        def __init__(self, n, seed=None, start=0, dtype=np.int64):
            self.n = np.int64(n)
            self.start = np.int64(start)
            super().__init__((), dtype, seed)

        def sample(self, mask=None):
            return self.dtype.type(self.start + self.np_random.integers(self.n))

        def contains(self, x):
            if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
                v = int(x)
            elif isinstance(x, np.ndarray) and x.shape == () and np.issubdtype(x.dtype, np.integer):
                v = int(x)
            else:
                return False
            return bool(self.start <= v < self.start + self.n)

        def __repr__(self):
            return f"Discrete({self.n})" if self.start == 0 else f"Discrete({self.n}, start={self.start})"

        def __eq__(self, other):
            return isinstance(other, Discrete) and self.n == other.n and self.start == other.start

    class MultiDiscrete(Space):
        """Stand-in for gymnasium.spaces.MultiDiscrete: ``x[i]`` in ``start[i] .. start[i] + nvec[i] - 1``."""

        def __init__(self, nvec, dtype=np.int64, seed=None, start=None):
            self.nvec = np.array(nvec, dtype=dtype, copy=True)
            self.start = np.zeros_like(self.nvec) if start is None else np.array(start, dtype=dtype, copy=True)
            super().__init__(self.nvec.shape, dtype, seed)

        def sample(self, mask=None):
            return (self.np_random.random(self.nvec.shape) * self.nvec).astype(self.dtype) + self.start

        def contains(self, x):
            if isinstance(x, (list, tuple)):
                x = np.array(x)
            if not isinstance(x, np.ndarray) or x.shape != self.shape or not np.issubdtype(x.dtype, np.integer):
                return False
            return bool(np.all(self.start <= x) and np.all(x - self.start < self.nvec))

        def __repr__(self):
            return f"MultiDiscrete({self.nvec})"

        def __eq__(self, other):
            return isinstance(other, MultiDiscrete) and np.array_equal(self.nvec, other.nvec) and np.array_equal(self.start, other.start)


def image_space(shape):
    """The observation space of one copy: uint8 pixels 0..255 of ``shape`` (H, W, C)."""
    return Box(low=0, high=255, shape=tuple(shape), dtype=np.uint8)


def batch_image_space(num_envs, shape):
    """The observation space of the vector: (num_envs, H, W, C) uint8, as Gymnasium's batch_space makes it."""
    return Box(low=0, high=255, shape=(num_envs,) + tuple(shape), dtype=np.uint8)


def batch_discrete_space(num_envs, n):
    """The action space of the vector: MultiDiscrete([n] * num_envs), as Gymnasium's batch_space makes it."""
    return MultiDiscrete(np.full((num_envs,), n, dtype=np.int64))
