"""Frames and payloads of protocol v1, byte for byte, and the spaces and safetensors helpers."""
import json
import os
import struct
import tempfile
import unittest

import numpy as np

from pixelpilot_gym import Box, Discrete, MultiDiscrete, read_safetensors, read_spec, write_safetensors
from pixelpilot_gym import protocol as p
from pixelpilot_gym.errors import ProtocolError

LAYOUT = p.Layout(2, (2, 3, 1), 3)


def step_result(rewards, term, trunc, infos, obs):
    j = json.dumps(infos).encode()
    return struct.pack(f"<{len(rewards)}f", *rewards) + bytes(term) + bytes(trunc) + struct.pack("<I", len(j)) + j + bytes(obs)


class FrameTest(unittest.TestCase):
    def test_client_frames_are_length_type_payload(self):
        hello = p.encode_hello(None, "me")
        (length,) = struct.unpack_from("<I", hello)
        self.assertEqual(length, len(hello) - 4)
        self.assertEqual(hello[4], 1)
        self.assertEqual(json.loads(hello[5:]), {"protocol": 1, "token": None, "client": "me"})
        self.assertEqual(p.encode_reset(7), struct.pack("<IB", 11, 3) + b'{"seed":7}')
        self.assertEqual(p.encode_reset(None)[5:], b'{"seed":null}')
        self.assertEqual(p.encode_close(), b"\x01\x00\x00\x00\x07")

    def test_step_is_n_little_endian_int32(self):
        f = p.encode_step(np.array([2, 0, 1], dtype=np.int64))
        self.assertEqual(f, struct.pack("<IB3i", 13, 5, 2, 0, 1))

    def test_obs_decodes_infos_and_env_major_pixels(self):
        pixels = bytes(range(12))
        obs_infos, obs = p.decode_obs(bytearray(struct.pack("<I", 2) + b"{}" + pixels), LAYOUT)
        self.assertEqual(obs_infos, {})
        self.assertEqual(obs.dtype, np.uint8)
        self.assertEqual(obs.shape, (2, 2, 3, 1))
        self.assertEqual(obs[1, 0, 2, 0], 8)  # env 1, row 0, column 2: byte 6 + 2
        self.assertTrue(obs.flags.writeable)

    def test_step_result_decodes_rewards_flags_infos_obs(self):
        payload = bytearray(step_result([1.5, -1], [1, 0], [0, 1], {"episode_return": [3, None]}, range(12)))
        r, term, trunc, infos, obs = p.decode_step_result(payload, LAYOUT)
        self.assertEqual(r.dtype, np.float32)
        np.testing.assert_array_equal(r, [1.5, -1])
        np.testing.assert_array_equal(term, [True, False])
        np.testing.assert_array_equal(trunc, [False, True])
        self.assertEqual(infos, {"episode_return": [3, None]})
        np.testing.assert_array_equal(obs.reshape(-1), np.arange(12))

    def test_wrong_sizes_and_bad_json_are_protocol_errors(self):
        good = step_result([0, 0], [0, 0], [0, 0], {}, range(12))
        for payload, message in [
            (good[:-1], r"STEP_RESULT: 29 bytes, expected 30 \(12 \+ 4 \+ 2 JSON \+ 12 observation bytes for 2 x \(2, 3, 1\)\)"),
            (good + b"x", r"expected 30"),
            (good[:5], r"too short for 2 rewards"),
            (good[:13], r"too short for its JSON length"),
            (good[:16] + b"{]" + good[18:], r"STEP_RESULT: the JSON does not parse"),
            (good[:12] + struct.pack("<I", 2) + b"[]" + good[18:], r"infos must be a JSON object"),
        ]:
            with self.assertRaisesRegex(ProtocolError, message):
                p.decode_step_result(bytearray(payload), LAYOUT)

    def test_welcome_layout_is_checked(self):
        w = {"num_envs": 2, "observation": {"shape": [2, 3, 1], "dtype": "uint8"}, "actions": {"n": 3}}
        self.assertEqual(p.read_layout(w).obs_bytes, 12)
        with self.assertRaisesRegex(ProtocolError, "WELCOME lacks 'actions'"):
            p.read_layout({"num_envs": 2, "observation": {"shape": [2, 3, 1]}})
        with self.assertRaisesRegex(ProtocolError, r"observation.shape must be \[H, W, C\]"):
            p.read_layout(dict(w, observation={"shape": [4]}))
        with self.assertRaisesRegex(ProtocolError, "positive integers"):
            p.read_layout(dict(w, num_envs=0))
        with self.assertRaisesRegex(ProtocolError, "float32"):
            p.read_layout(dict(w, observation={"shape": [2, 3, 1], "dtype": "float32"}))

    def test_error_payloads(self):
        self.assertEqual(p.decode_error(b'{"code": "busy", "message": "m"}'), ("busy", "m"))
        self.assertEqual(p.decode_error(b"oops"), ("unknown", "oops"))


class SpacesTest(unittest.TestCase):
    def test_box(self):
        b = Box(low=0, high=255, shape=(2, 3, 1), dtype=np.uint8)
        self.assertEqual((b.shape, b.dtype), ((2, 3, 1), np.dtype(np.uint8)))
        self.assertEqual(b.low.shape, (2, 3, 1))
        self.assertEqual(int(b.high.max()), 255)
        b.seed(3)
        x = b.sample()
        self.assertEqual((x.shape, x.dtype), ((2, 3, 1), np.dtype(np.uint8)))
        self.assertTrue(b.contains(x))
        self.assertIn(x, b)
        self.assertFalse(b.contains(np.zeros((2, 3), np.uint8)))
        self.assertFalse(b.contains(np.zeros((2, 3, 1), np.float32)))
        b.seed(3)
        np.testing.assert_array_equal(b.sample(), x)

    def test_unseeded_spaces_sample(self):
        for space in (Discrete(3), MultiDiscrete([2, 5]), Box(low=0, high=255, shape=(2,), dtype=np.uint8), Box(-1.0, 1.0, (3,))):
            self.assertTrue(space.contains(space.sample()), space)
            self.assertIsInstance(space.seed(), int)

    def test_discrete_and_multidiscrete(self):
        d = Discrete(3)
        self.assertEqual((d.n, d.shape, d.dtype), (3, (), np.dtype(np.int64)))
        self.assertEqual(d.seed(5), 5)
        samples = {int(d.sample()) for _ in range(100)}
        self.assertEqual(samples, {0, 1, 2})
        self.assertTrue(d.contains(2) and d.contains(np.int32(0)))
        self.assertFalse(d.contains(3) or d.contains(-1) or d.contains(1.0) or d.contains(True))
        m = MultiDiscrete(np.full(4, 3))
        self.assertEqual((m.shape, m.dtype), ((4,), np.dtype(np.int64)))
        m.seed(1)
        a = m.sample()
        self.assertEqual(a.shape, (4,))
        self.assertTrue(m.contains(a))
        self.assertFalse(m.contains(np.array([0, 1, 2, 3])))
        self.assertFalse(m.contains(np.array([0, 1, 2])))
        self.assertEqual(m, MultiDiscrete([3, 3, 3, 3]))


class FilesTest(unittest.TestCase):
    def test_safetensors_round_trip_and_layout(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "w.safetensors")
            tensors = {"conv_model.0.weight": np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2), "b": np.array([1.5], np.float32)}
            write_safetensors(path, tensors, {"format": "pt"})
            with open(path, "rb") as f:
                data = f.read()
            (n,) = struct.unpack_from("<Q", data)
            self.assertEqual(n % 8, 0)
            header = json.loads(data[8:8 + n])
            self.assertEqual(header["conv_model.0.weight"], {"dtype": "F32", "shape": [2, 3, 2, 2], "data_offsets": [0, 96]})
            self.assertEqual(header["b"]["data_offsets"], [96, 100])
            self.assertEqual(len(data), 8 + n + 100)
            back, meta = read_safetensors(path)
            self.assertEqual(meta, {"format": "pt"})
            for k, v in tensors.items():
                np.testing.assert_array_equal(back[k], v)

    def test_spec_with_comments_and_trailing_commas(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.json")
            with open(path, "w") as f:
                f.write('// top\n{"a_spec": {"agent": {"net": {"x": "http://not/a/comment", /* c */ "y": [1, 2,],},}, "env": {}, // t\n},}\n')
            self.assertEqual(read_spec(path), {"agent": {"net": {"x": "http://not/a/comment", "y": [1, 2]}}, "env": {}})
            self.assertEqual(read_spec(path, "a_spec")["env"], {})
            with self.assertRaisesRegex(ValueError, "no spec 'b'"):
                read_spec(path, "b")


if __name__ == "__main__":
    unittest.main()
