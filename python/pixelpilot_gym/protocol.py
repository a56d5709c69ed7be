"""Wire protocol v1 of ``pixelpilot serve``: frame types, and the payload encoders and decoders.

Every message is a frame: ``u32 LE length`` (bytes after this field), ``u8 type``, payload. All
numbers are little-endian, JSON is UTF-8, observations are raw uint8 bytes (env-major, each one
row-major H x W x C). Pure functions on bytes: the socket side is connection.py.
"""
import json
import struct

import numpy as np

from .errors import ProtocolError

PROTOCOL_VERSION = 1

HELLO = 1
WELCOME = 2
RESET = 3
OBS = 4
STEP = 5
STEP_RESULT = 6
CLOSE = 7
ERROR = 255

TYPE_NAMES = {HELLO: "HELLO", WELCOME: "WELCOME", RESET: "RESET", OBS: "OBS", STEP: "STEP",
              STEP_RESULT: "STEP_RESULT", CLOSE: "CLOSE", ERROR: "ERROR"}

_U32 = struct.Struct("<I")


def frame(kind, payload=b""):
    """One frame's bytes: length (1 + payload), type, payload."""
    return _U32.pack(1 + len(payload)) + bytes((kind,)) + payload


def json_bytes(value):
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def parse_json(data, what):
    """JSON text of a frame, or ProtocolError naming the frame."""
    try:
        return json.loads(bytes(data).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ProtocolError(f"{what}: the JSON does not parse ({e})") from None


def encode_hello(token, client):
    return frame(HELLO, json_bytes({"protocol": PROTOCOL_VERSION, "token": token, "client": client}))


def encode_reset(seed):
    return frame(RESET, json_bytes({"seed": seed}))


def encode_step(actions):
    """STEP: the actions as N little-endian int32 (``actions`` already checked by the caller)."""
    return frame(STEP, np.ascontiguousarray(actions, dtype="<i4").tobytes())


def encode_close():
    return frame(CLOSE)


def encode_error(code, message):
    return frame(ERROR, json_bytes({"code": code, "message": message}))


class Layout:
    """What the WELCOME says about the arrays: copies N, observation shape (H, W, C), actions A."""

    def __init__(self, num_envs, obs_shape, n_actions):
        self.num_envs = num_envs
        self.obs_shape = tuple(obs_shape)
        self.n_actions = n_actions
        self.obs_bytes = num_envs * int(np.prod(self.obs_shape))


def read_layout(welcome):
    """The Layout of a WELCOME (already a dict), checked: ProtocolError for missing or bad fields."""
    try:
        num_envs = welcome["num_envs"]
        obs = welcome["observation"]
        shape = obs["shape"]
        n = welcome["actions"]["n"]
    except (KeyError, TypeError) as e:
        raise ProtocolError(f"WELCOME lacks {e}: {welcome!r:.300}") from None
    ints = lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1  # noqa: E731
    if not ints(num_envs) or not ints(n):
        raise ProtocolError(f"WELCOME: num_envs and actions.n must be positive integers (got {num_envs!r}, {n!r})")
    if not isinstance(shape, list) or len(shape) != 3 or not all(ints(d) for d in shape):
        raise ProtocolError(f"WELCOME: observation.shape must be [H, W, C] of positive integers (got {shape!r})")
    if obs.get("dtype", "uint8") != "uint8":
        raise ProtocolError(f"WELCOME: observation.dtype {obs.get('dtype')!r} is not uint8, the only one protocol v1 has")
    return Layout(num_envs, shape, n)


def _infos_and_obs(payload, offset, layout, what):
    """The ``u32 json_len, JSON, observation bytes`` tail shared by OBS and STEP_RESULT."""
    if len(payload) < offset + 4:
        raise ProtocolError(f"{what}: {len(payload)} bytes is too short for its JSON length")
    (json_len,) = _U32.unpack_from(payload, offset)
    start = offset + 4 + json_len
    if len(payload) != start + layout.obs_bytes:
        raise ProtocolError(
            f"{what}: {len(payload)} bytes, expected {start + layout.obs_bytes} "
            f"({offset} + 4 + {json_len} JSON + {layout.obs_bytes} observation bytes for {layout.num_envs} x {layout.obs_shape})")
    infos = parse_json(memoryview(payload)[offset + 4:start], what)
    if not isinstance(infos, dict):
        raise ProtocolError(f"{what}: infos must be a JSON object (got {type(infos).__name__})")
    obs = np.frombuffer(payload, dtype=np.uint8, count=layout.obs_bytes, offset=start)
    return infos, obs.reshape((layout.num_envs,) + layout.obs_shape)


def decode_obs(payload, layout):
    """OBS -> (infos dict, observations uint8 (N, H, W, C)); writable when ``payload`` is a bytearray."""
    return _infos_and_obs(payload, 0, layout, "OBS")


def decode_step_result(payload, layout):
    """STEP_RESULT -> (rewards float32 (N,), terminated bool (N,), truncated bool (N,), infos, observations)."""
    n = layout.num_envs
    if len(payload) < 6 * n:
        raise ProtocolError(f"STEP_RESULT: {len(payload)} bytes is too short for {n} rewards and flags")
    rewards = np.frombuffer(payload, dtype="<f4", count=n, offset=0).astype(np.float32)
    flags = np.frombuffer(payload, dtype=np.uint8, count=2 * n, offset=4 * n)
    infos, obs = _infos_and_obs(payload, 6 * n, layout, "STEP_RESULT")
    return rewards, flags[:n] != 0, flags[n:] != 0, infos, obs


def decode_error(payload):
    """ERROR -> (code, message); a payload that is not the agreed JSON still gives a readable pair."""
    try:
        value = json.loads(bytes(payload).decode("utf-8"))
        return str(value.get("code", "unknown")), str(value.get("message", ""))
    except (UnicodeDecodeError, ValueError, AttributeError):
        return "unknown", bytes(payload[:200]).decode("utf-8", "replace")
