"""GameVectorEnv: N copies of a game's scene, served by ``pixelpilot serve``, as a Gymnasium 1.x
vector env (next-step autoreset). See docs/python.md.
"""
import math
import platform
import time
import weakref

import numpy as np

from . import protocol as p
from .connection import Connection
from .errors import (BadActionError, PixelpilotError, ProtocolError, ProtocolVersionError, ResetNeededError,
                     ServerGoneError, ServerTimeoutError, server_error)
from .server_process import DEFAULT_COMMAND, ServerProcess, serve_argv, stop_process
from .spaces import HAVE_GYMNASIUM, batch_discrete_space, batch_image_space, image_space
from .spaces import Discrete

__version__ = "0.1.0"

if HAVE_GYMNASIUM:  # pragma: no cover - depends on the machine
    import gymnasium

    _Base = gymnasium.vector.VectorEnv
    try:
        _NEXT_STEP = gymnasium.vector.AutoresetMode.NEXT_STEP
    except AttributeError:  # Gymnasium 1.0 had no AutoresetMode: next-step was the only mode
        _NEXT_STEP = "NextStep"
else:
    _Base = object
    _NEXT_STEP = "NextStep"

_LOOPBACK_ANY = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def check_actions(actions, num_envs, n):
    """``actions`` as int32 (num_envs,), or BadActionError saying what is wrong and where."""
    a = np.asarray(actions)
    if a.shape != (num_envs,):
        raise BadActionError(f"actions must have shape ({num_envs},), one per copy (got shape {a.shape})")
    if a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.integer):
        raise BadActionError(f"actions must be integers (got dtype {a.dtype})")
    bad = np.flatnonzero((a < 0) | (a >= n))
    if bad.size:
        i = int(bad[0])
        raise BadActionError(f"env {i}: action {a[i]} is outside 0..{n - 1}" + (f" ({bad.size} bad actions)" if bad.size > 1 else ""))
    return a.astype(np.int32)


class GameVectorEnv(_Base):
    """``num_envs`` copies of a training entry's scene as one vector env.

    Connects to a running ``pixelpilot serve`` at ``host:port``, or, when ``port`` is None, starts
    one: ``command`` (argv words that run the pixelpilot CLI; default ``["npx", "pixelpilot"]``) +
    ``serve --game ENTRY --envs N --port 0 [--seed S] [--host H] [--token T]`` + ``server_args``
    (e.g. ``["--browser", PATH]``), and stops it on ``close()``.

    Args:
        entry: the training entry module (e.g. ``"demos/catch/training.ts"``); with ``port`` it may
            be None (the server's entry is in ``self.welcome["entry"]``).
        num_envs: copies; a running server must serve exactly this many.
        seed: seeds the first ``reset()`` that gives no seed (and ``serve --seed``). Default None.
        port, host: a running server's address (host default ``127.0.0.1``). Without ``port``,
            ``host`` is the started server's ``--host``.
        command: how to run the CLI when starting a server: argv words, or one string split as a
            shell would. Default ``["npx", "pixelpilot"]``.
        token: the server's token (off loopback); default the ready line's generated one.
        server_args: more ``serve`` flags when starting one. Default none.
        connect_timeout: seconds to connect (default 10); reply_timeout: seconds for each reply
            (default 60); start_timeout: seconds for a started server's ready line (default 180);
            stop_timeout: seconds close() waits for a started server before killing it (default 20).
        cwd, env: working directory and environment of a started server. Default this process's.
    """

    metadata = {"autoreset_mode": _NEXT_STEP, "render_modes": []}
    render_mode = None
    spec = None

    def __init__(self, entry, num_envs, seed=None, port=None, host=None, command=None, token=None, *,
                 server_args=(), connect_timeout=10.0, reply_timeout=60.0, start_timeout=180.0, stop_timeout=20.0,
                 cwd=None, env=None):
        self.closed = False
        self._conn = None
        self._server = None
        self._finalizer = None
        self._broken = None
        self._needs_reset = True
        self._pending = False
        self.stop_timeout = stop_timeout
        if not isinstance(num_envs, int) or isinstance(num_envs, bool) or num_envs < 1:
            raise ValueError(f"num_envs must be a positive integer (got {num_envs!r})")
        if port is None and entry is None:
            raise ValueError("give the training entry to start a server with, or the port of a running one")
        self._default_seed = seed
        try:
            if port is None:
                argv = serve_argv(command if command is not None else DEFAULT_COMMAND, entry, num_envs, seed, host, token, server_args)
                self._server = ServerProcess(argv, start_timeout, cwd, env)
                # Stops the server even when close() is never called (at exit, or when collected).
                self._finalizer = weakref.finalize(self, stop_process, self._server.proc, stop_timeout)
                ready = self._server.ready
                port = ready["port"]
                host = ready.get("host", host or "127.0.0.1")
                host = _LOOPBACK_ANY.get(host, host)
                token = token if token is not None else ready.get("token")
            self._conn = Connection(host or "127.0.0.1", port, connect_timeout, reply_timeout, self._server)
            self.welcome = self._handshake(token)
            layout = p.read_layout(self.welcome)
            if layout.num_envs != num_envs:
                raise PixelpilotError(f"the server at {self._where()} serves {layout.num_envs} copies, not the {num_envs} asked for")
        except BaseException:
            self.close()
            raise
        self._layout = layout
        self._conn.frame_limit = 4 + 6 * num_envs + layout.obs_bytes + (16 << 20)
        self.num_envs = num_envs
        self.single_observation_space = image_space(layout.obs_shape)
        self.single_action_space = Discrete(layout.n_actions)
        self.observation_space = batch_image_space(num_envs, layout.obs_shape)
        self.action_space = batch_discrete_space(num_envs, layout.n_actions)
        self.action_names = list(self.welcome["actions"].get("names") or [])
        self._ended = np.zeros(num_envs, dtype=bool)
        self._episode_start = np.zeros(num_envs)

    # -- the protocol ------------------------------------------------------------------------------

    def _where(self):
        return self._conn.where if self._conn is not None else "?"

    def _handshake(self, token):
        client = f"pixelpilot_gym/{__version__} python/{platform.python_version()}"
        self._conn.send(p.encode_hello(token, client), "HELLO")
        kind, payload = self._receive("HELLO")
        if kind != p.WELCOME:
            raise ProtocolError(f"HELLO: the server answered {p.TYPE_NAMES.get(kind, kind)}, not WELCOME")
        welcome = p.parse_json(payload, "WELCOME")
        if not isinstance(welcome, dict):
            raise ProtocolError(f"WELCOME: a JSON object expected, got {welcome!r:.200}")
        if welcome.get("protocol") != p.PROTOCOL_VERSION:
            raise ProtocolVersionError(f"the server at {self._where()} speaks protocol {welcome.get('protocol')!r}; "
                                       f"this client (pixelpilot_gym {__version__}) speaks {p.PROTOCOL_VERSION}: use the client of the same pixelpilot version")
        return welcome

    def _fail(self, error):
        """Ends the connection over ``error`` (later calls name it) and raises it."""
        self._conn.close()
        self._broken = error
        raise error

    def _receive(self, what):
        """The next frame; an ERROR frame is raised as its typed exception (the server closes after it)."""
        kind, payload = self._conn.receive(what)
        if kind == p.ERROR:
            code, message = p.decode_error(payload)
            self._conn.close()
            raise server_error(code, message)
        return kind, payload

    def _send(self, data, what):
        if self.closed:
            raise PixelpilotError(f"{what}: this GameVectorEnv is closed")
        if self._broken is not None:
            raise ServerGoneError(f"{what}: the connection ended earlier: {self._broken}")
        self._guard(lambda: self._conn.send(data, what))

    def _answer(self, what, expect, decode):
        """Receives and decodes the answer to a request. Anything unexpected (an ERROR, a malformed
        or unexpected frame, no reply in time) ends the connection: later calls raise ServerGoneError naming it."""
        def receive():
            kind, payload = self._receive(what)
            if kind != expect:
                raise ProtocolError(f"{what}: the server answered {p.TYPE_NAMES.get(kind, kind)}, not {p.TYPE_NAMES[expect]}")
            return decode(payload, self._layout)
        return self._guard(receive)

    def _guard(self, action):
        try:
            return action()
        except (ProtocolError, ServerTimeoutError) as e:
            # A late reply would arrive out of step with the next request: the connection is done.
            self._fail(e)
        except PixelpilotError as e:
            if self._conn.closed:
                self._broken = e
            raise

    # -- Gymnasium's vector API ------------------------------------------------------------------------

    def reset(self, *, seed=None, options=None):
        """Starts a new episode in every copy: (observations uint8 (N, H, W, C), infos {}).

        ``seed`` (int): the copies are seeded from (seed, copy); the same seed gives the same
        observations. Default: the constructor's ``seed`` on the first reset, then none.
        """
        if seed is not None and not (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
            raise TypeError(f"seed must be an int or None (one seed for all copies; got {seed!r})")
        if seed is None and self._default_seed is not None:
            seed = self._default_seed
        self._default_seed = None
        if HAVE_GYMNASIUM:  # pragma: no cover
            super().reset(seed=None if seed is None else int(seed))
        if self._pending:
            self.step_wait()
        self._send(p.encode_reset(None if seed is None else int(seed)), "RESET")
        infos, obs = self._answer("RESET", p.OBS, p.decode_obs)
        self._ended[:] = False
        self._episode_start[:] = time.perf_counter()
        self._needs_reset = False
        return obs, self._vector_infos(infos, None)

    def step(self, actions):
        """One decision in every copy: (observations, rewards float32, terminations bool,
        truncations bool, infos). A copy whose episode ended at the previous step ignores its action
        and gives its new episode's first observation, reward 0, both flags False (next-step autoreset).
        """
        self.step_async(actions)
        return self.step_wait()

    def step_async(self, actions):
        """Sends the actions and returns at once; ``step_wait()`` gives the result. With several
        envs (servers), sending to all before waiting on any lets their copies step at the same time."""
        if self._needs_reset and not self.closed:
            raise ResetNeededError("step() before reset(): call reset() first")
        if self._pending:
            raise PixelpilotError("step_async() twice: call step_wait() for the step already sent")
        a = check_actions(actions, self.num_envs, self._layout.n_actions)
        self._send(p.encode_step(a), "STEP")
        self._pending = True

    def step_wait(self):
        """The result of the step ``step_async()`` sent: as ``step()`` returns it."""
        if not self._pending:
            raise PixelpilotError("step_wait() without step_async()")
        self._pending = False
        rewards, terminated, truncated, infos, obs = self._answer("STEP", p.STEP_RESULT, p.decode_step_result)
        now = time.perf_counter()
        starting = self._ended
        if np.any(starting & (terminated | truncated | (rewards != 0))):
            i = int(np.flatnonzero(starting & (terminated | truncated | (rewards != 0)))[0])
            self._fail(ProtocolError(f"STEP_RESULT: env {i} was autoresetting but got reward {rewards[i]}, "
                                f"terminated {terminated[i]}, truncated {truncated[i]} (next-step autoreset gives 0, False, False)"))
        ended = terminated | truncated
        try:
            vinfos = self._vector_infos(infos, ended, now)
        except ProtocolError as e:
            self._fail(e)
        self._episode_start[starting] = now
        self._ended = ended
        return obs, rewards, terminated, truncated, vinfos

    def _vector_infos(self, infos, ended, now=None):
        """Gymnasium's vector infos from the server's lists: ``episode`` {r, l, t} with the ``_episode``
        mask (RecordEpisodeStatistics' form) where episodes ended; other per-copy lists as
        ``key`` array + ``_key`` mask of the copies with a value."""
        out = {}
        n = self.num_envs
        returns = infos.pop("episode_return", None)
        lengths = infos.pop("episode_length", None)
        if ended is not None and returns is not None:
            if not (isinstance(returns, list) and isinstance(lengths, list) and len(returns) == n and len(lengths) == n):
                raise ProtocolError(f"STEP_RESULT infos: episode_return and episode_length must be lists of {n} (got {returns!r:.100}, {lengths!r:.100})")
            mask = np.array([r is not None for r in returns])
            if not np.array_equal(mask, ended) or any((lengths[i] is None) == bool(mask[i]) for i in range(n)):
                raise ProtocolError(f"STEP_RESULT infos: episode stats for envs {np.flatnonzero(mask).tolist()}, "
                                    f"lengths for {[i for i in range(n) if lengths[i] is not None]}, "
                                    f"but episodes ended in {np.flatnonzero(ended).tolist()}")
            if mask.any():
                out["episode"] = {
                    "r": np.array([r if r is not None else 0.0 for r in returns], dtype=np.float32),
                    "l": np.array([v if v is not None else 0 for v in lengths], dtype=np.int32),
                    "t": np.where(mask, np.round(now - self._episode_start, 6), 0.0),
                }
                out["_episode"] = mask
        for key, value in infos.items():
            if isinstance(value, list) and len(value) == n:
                mask = np.array([v is not None for v in value])
                filled = [v for v in value if v is not None]
                if filled and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in filled):
                    out[key] = np.array([v if v is not None else 0 for v in value])
                else:
                    out[key] = np.array(value, dtype=object)
                out["_" + key] = mask
            else:
                out[key] = value
        return out

    def close(self, **kwargs):
        """Sends CLOSE, closes the connection, and stops (and waits for) a server this env started. Idempotent."""
        if getattr(self, "closed", True) and getattr(self, "_conn", None) is None and getattr(self, "_server", None) is None:
            return
        self.closed = True
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            try:
                conn.send(p.encode_close(), "CLOSE")
            except PixelpilotError:
                pass
            conn.close()
        server, self._server = self._server, None
        if server is not None:
            server.stop(self.stop_timeout)
            if self._finalizer is not None:
                self._finalizer.detach()

    if not HAVE_GYMNASIUM:

        @property
        def unwrapped(self):
            return self

    @property
    def server_process(self):
        """The subprocess.Popen of the server this env started (None when it connected to one)."""
        return self._server.proc if self._server is not None else None

    def server_stderr(self):
        """The last stderr lines of the server this env started ("" when it connected to one)."""
        return self._server.stderr_tail() if self._server is not None else ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        if not getattr(self, "closed", True):
            try:
                self.close()
            except Exception:
                pass

    def __repr__(self):
        return f"GameVectorEnv({self.welcome.get('entry', {}).get('path')!r}, num_envs={self.num_envs})" if hasattr(self, "welcome") else "GameVectorEnv(unconnected)"
