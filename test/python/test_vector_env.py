"""GameVectorEnv and GameEnv against the fake server (fake_server.py) in this process: the
handshake, spaces, reset/step arrays, next-step autoreset bookkeeping, the vector infos, and every
error path (each must raise its typed error, and quickly: none may hang)."""
import json
import socket
import struct
import time
import unittest

import numpy as np

from fake_server import CLOSE, HELLO, RESET, STEP, FakeServer
from pixelpilot_gym import (BadActionError, GameEnv, GameVectorEnv, PixelpilotError, ProtocolError, ProtocolVersionError,
                            ResetNeededError, ServerError, ServerGoneError, ServerTimeoutError)
from pixelpilot_gym.errors import server_error


def pixel(seed, i, t, last, episode):
    return (17 * seed + 31 * i + 7 * t + 3 * last + 11 * episode) % 256


class FakeServerCase(unittest.TestCase):
    scenario = "normal"
    num_envs = 3

    def setUp(self):
        self.server = FakeServer(num_envs=self.num_envs, scenario=self.scenario)
        self.addCleanup(self.server.close)

    def env(self, num_envs=None, **kw):
        kw.setdefault("reply_timeout", 5.0)
        e = GameVectorEnv(None, num_envs or self.num_envs, port=self.server.port, **kw)
        self.addCleanup(e.close)
        return e

    def sent(self, kind):
        return [payload for k, payload in self.server.received if k == kind]


class VectorEnvTest(FakeServerCase):
    def test_handshake_and_spaces(self):
        env = self.env()
        hello = json.loads(self.sent(HELLO)[0])
        self.assertEqual(hello["protocol"], 1)
        self.assertIsNone(hello["token"])
        self.assertRegex(hello["client"], r"^pixelpilot_gym/\d+\.\d+\.\d+ python/3\.")
        self.assertEqual(env.num_envs, 3)
        self.assertEqual(env.single_observation_space.shape, (4, 5, 2))
        self.assertEqual(env.single_observation_space.dtype, np.uint8)
        self.assertEqual(env.observation_space.shape, (3, 4, 5, 2))
        self.assertEqual(env.single_action_space.n, 3)
        self.assertEqual(env.action_space.shape, (3,))
        np.testing.assert_array_equal(env.action_space.nvec, [3, 3, 3])
        self.assertEqual(env.action_names, ["left", "stay", "right"])
        self.assertEqual(env.welcome["entry"]["path"], "toy.ts")
        self.assertEqual(str(env.metadata["autoreset_mode"]).lower().replace("_", "").split(".")[-1], "nextstep")

    def test_reset_gives_the_copies_first_observations_and_seeds(self):
        env = self.env(seed=4)
        obs, infos = env.reset()
        self.assertEqual(json.loads(self.sent(RESET)[0]), {"seed": 4}, "the constructor's seed seeds the first reset")
        self.assertEqual(infos, {})
        self.assertEqual((obs.shape, obs.dtype), ((3, 4, 5, 2), np.uint8))
        for i in range(3):
            self.assertTrue(np.all(obs[i] == pixel(4, i, 0, 0, 1)), i)
        self.assertTrue(env.observation_space.contains(obs))
        env.reset()
        self.assertEqual(json.loads(self.sent(RESET)[1]), {"seed": None}, "only the first reset")
        again, _ = env.reset(seed=4)
        np.testing.assert_array_equal(again, obs)
        with self.assertRaisesRegex(TypeError, "one seed for all copies"):
            env.reset(seed=[1, 2, 3])

    def test_step_arrays_and_next_step_autoreset(self):
        env = self.env()
        env.reset(seed=1)
        # Copy i's episode lasts 2 + i decisions: copy 0 ends at step 2, copy 1 at 3, copy 2 at 4.
        history = []
        for k in range(1, 7):
            actions = np.array([k % 3, 2, 1])
            obs, r, term, trunc, infos = env.step(actions)
            self.assertEqual((obs.shape, obs.dtype, r.dtype, term.dtype, trunc.dtype), ((3, 4, 5, 2), np.uint8, np.float32, np.bool_, np.bool_))
            history.append((obs[:, 0, 0, 0].tolist(), r.tolist(), term.tolist(), trunc.tolist(), infos))
        self.assertEqual([h[1] for h in history], [
            [0.5, 2.0, 2.5], [1.0, 2.0, 2.5],
            [0.0, 2.0, 2.5],  # copy 0 autoresets: reward 0
            [0.5, 0.0, 2.5],  # copy 1 autoresets
            [1.0, 2.0, 0.0],  # copy 2 autoresets
            [0.0, 2.0, 2.5]])
        self.assertEqual([h[2] for h in history], [[False] * 3, [True, False, False], [False] * 3, [False, False, True], [True, False, False], [False] * 3])
        self.assertEqual([h[3] for h in history], [[False] * 3, [False] * 3, [False, True, False], [False] * 3, [False] * 3, [False] * 3])
        # The autoreset step's observation is the new episode's first one.
        self.assertEqual(history[2][0][0], pixel(1, 0, 0, 0, 2))
        self.assertEqual(history[3][0][1], pixel(1, 1, 0, 0, 2))
        self.assertEqual(history[1][0][0], pixel(1, 0, 2, 2, 1))
        # Vector infos: RecordEpisodeStatistics' form, only on steps where an episode ended.
        self.assertEqual(history[0][4], {})
        self.assertEqual(history[5][4], {})
        for k, mask, r, length in [(1, [True, False, False], [1.5, 0, 0], [2, 0, 0]),
                                   (2, [False, True, False], [0, 6.0, 0], [0, 3, 0]),
                                   (3, [False, False, True], [0, 0, 10.0], [0, 0, 4]),
                                   (4, [True, False, False], [1.5, 0, 0], [2, 0, 0])]:
            e = history[k][4]
            self.assertEqual(sorted(e), ["_episode", "episode"])
            np.testing.assert_array_equal(e["_episode"], mask)
            np.testing.assert_array_equal(e["episode"]["r"], r)
            np.testing.assert_array_equal(e["episode"]["l"], length)
            self.assertTrue(np.all((e["episode"]["t"] > 0) == np.array(mask)), e["episode"]["t"])
        # The actions went as int32, one per copy.
        self.assertEqual(struct.unpack("<3i", self.sent(STEP)[0]), (1, 2, 1))

    def test_episode_seconds_count_from_the_autoreset_step(self):
        env = self.env()
        env.reset()
        env.step([0, 0, 0])
        env.step([0, 0, 0])  # copy 0 ends
        time.sleep(0.3)
        env.step([0, 0, 0])  # copy 0's new episode starts here
        env.step([0, 0, 0])
        _, _, _, _, infos = env.step([0, 0, 0])  # ... and ends here
        self.assertTrue(infos["_episode"][0])
        self.assertLess(infos["episode"]["t"][0], 0.25)

    def test_per_copy_infos_become_arrays_with_masks(self):
        self.server.scenario = "extra-infos"
        env = self.env()
        env.reset()
        _, _, _, _, infos = env.step([0, 0, 0])
        np.testing.assert_array_equal(infos["lives"], [3, 2, 1])
        np.testing.assert_array_equal(infos["_lives"], [True] * 3)
        self.assertEqual(infos["note"], "hello")

    def test_bad_actions_are_refused_before_anything_is_sent(self):
        env = self.env()
        env.reset()
        for actions, message in [
            ([0, 1], r"shape \(3,\), one per copy \(got shape \(2,\)\)"),
            ([[0, 1, 2]], r"got shape \(1, 3\)"),
            (np.array([0.0, 1.0, 2.0]), "must be integers \\(got dtype float64\\)"),
            (np.array([True, False, True]), "must be integers"),
            ([0, 3, 1], r"env 1: action 3 is outside 0..2"),
            ([-1, 0, 9], r"env 0: action -1 is outside 0..2 \(2 bad actions\)"),
        ]:
            with self.assertRaisesRegex(BadActionError, message):
                env.step(actions)
        self.assertEqual(self.sent(STEP), [])
        self.assertIsInstance(BadActionError("x"), ValueError)
        env.step(np.array([2, 1, 0], dtype=np.uint8))
        env.step((0, 1, 2))

    def test_step_async_and_wait_over_two_servers(self):
        other = FakeServer(num_envs=3)
        self.addCleanup(other.close)
        a = self.env(seed=1)
        b = GameVectorEnv(None, 3, port=other.port, seed=2)
        self.addCleanup(b.close)
        a.reset(), b.reset()
        for env in (a, b):
            env.step_async([1, 1, 1])
        (oa, ra, *_), (ob, rb, *_) = a.step_wait(), b.step_wait()
        np.testing.assert_array_equal(ra, rb)
        self.assertEqual((int(oa[0, 0, 0, 0]), int(ob[0, 0, 0, 0])), (pixel(1, 0, 1, 1, 1), pixel(2, 0, 1, 1, 1)))
        with self.assertRaisesRegex(PixelpilotError, r"step_wait\(\) without step_async\(\)"):
            a.step_wait()
        a.step_async([0, 0, 0])
        with self.assertRaisesRegex(PixelpilotError, r"step_async\(\) twice"):
            a.step_async([0, 0, 0])
        obs, _ = a.reset(seed=1)
        self.assertEqual(int(obs[0, 0, 0, 0]), pixel(1, 0, 0, 0, 1), "reset() takes the pending step's answer first")

    def test_step_before_reset(self):
        env = self.env()
        with self.assertRaisesRegex(ResetNeededError, r"step\(\) before reset\(\)"):
            env.step([0, 0, 0])
        self.assertEqual(self.sent(STEP), [])

    def test_close_sends_close_and_is_idempotent(self):
        with self.env() as env:
            env.reset()
        self.assertTrue(env.closed)
        env.close()
        deadline = time.time() + 2
        while not self.sent(CLOSE) and time.time() < deadline:
            time.sleep(0.01)
        self.assertEqual(self.sent(CLOSE), [b""])
        with self.assertRaisesRegex(PixelpilotError, "closed"):
            env.reset()
        # The server takes the next client.
        again = self.env()
        again.reset()

    def test_copies_must_match(self):
        with self.assertRaisesRegex(PixelpilotError, r"the server at 127.0.0.1:\d+ serves 3 copies, not the 2 asked for"):
            self.env(num_envs=2)
        with self.assertRaisesRegex(ValueError, "num_envs must be a positive integer"):
            GameVectorEnv("x.ts", 0, port=self.server.port)

    def test_server_error_codes_map_to_typed_errors(self):
        self.assertIsInstance(server_error("bad-action", "m"), BadActionError)
        self.assertIsInstance(server_error("not-reset", "m"), ResetNeededError)
        self.assertIsInstance(server_error("protocol-version", "m"), ProtocolVersionError)
        e = server_error("game", "boom")
        self.assertEqual((type(e), e.code, e.message), (ServerError, "game", "boom"))


class ErrorPathTest(FakeServerCase):
    def expect(self, scenario, error, message, steps=2, **kw):
        self.server.scenario = scenario
        t0 = time.monotonic()
        with self.assertRaisesRegex(error, message) as cm:
            env = self.env(**kw)
            env.reset()
            for _ in range(steps):
                env.step([0, 0, 0])
        self.assertLess(time.monotonic() - t0, 4.0, "an error must come at once, not after a long wait")
        return cm.exception

    def test_server_speaks_another_version(self):
        e = self.expect("version", ProtocolVersionError, r"speaks protocol 2; this client \(pixelpilot_gym .*\) speaks 1")
        self.assertEqual(e.code, "protocol-version")

    def test_server_refuses_the_version(self):
        e = self.expect("refuse-version", ProtocolVersionError, r"\[protocol-version\]: this server speaks protocol 1")
        self.assertEqual(e.message, "this server speaks protocol 1, the client 1")

    def test_token(self):
        e = self.expect("token", ServerError, r"\[bad-token\]: the token is wrong")
        self.assertEqual(e.code, "bad-token")
        self.server.scenario = "token"
        env = self.env(token="s3cret")
        env.reset()
        self.assertEqual(json.loads(self.sent(HELLO)[-1])["token"], "s3cret")

    def test_busy(self):
        self.assertEqual(self.expect("busy", ServerError, r"another client is connected").code, "busy")

    def test_game_error_mid_run_then_the_connection_is_gone(self):
        self.server.scenario = "error-on-step"
        env = self.env()
        env.reset()
        env.step([0, 0, 0])
        with self.assertRaises(ServerError) as cm:
            env.step([0, 0, 0])
        self.assertEqual(cm.exception.code, "game")
        self.assertEqual(cm.exception.message, "TypeError: x is undefined at catch_scene.ts:42:7")
        with self.assertRaisesRegex(ServerGoneError, r"the connection ended earlier: pixelpilot serve error \[game\]"):
            env.step([0, 0, 0])

    def test_connection_closed_mid_step(self):
        e = self.expect("close-on-step", ServerGoneError, r"STEP: pixelpilot serve at 127.0.0.1:\d+ closed the connection")
        self.assertIsInstance(e, ConnectionError)

    def test_no_reply_times_out(self):
        self.server.scenario = "hang-on-step"
        env = self.env(reply_timeout=0.5)
        env.reset()
        t0 = time.monotonic()
        with self.assertRaisesRegex(ServerTimeoutError, r"STEP: no reply from pixelpilot serve at .* within 0.5 s") as cm:
            env.step([0, 0, 0])
        self.assertLess(time.monotonic() - t0, 1.5)
        self.assertEqual(cm.exception.what, "reply")
        self.assertIsInstance(cm.exception, TimeoutError)

    def test_slow_reply_within_the_timeout_is_fine(self):
        self.server.scenario = "slow-reset"
        env = self.env(reply_timeout=3)
        obs, _ = env.reset()
        self.assertEqual(obs.shape, (3, 4, 5, 2))

    def test_malformed_frames(self):
        self.expect("short-result", ProtocolError, r"STEP_RESULT: \d+ bytes, expected \d+")
        self.expect("wrong-frame", ProtocolError, r"STEP: the server answered OBS, not STEP_RESULT")
        self.expect("huge-frame", ProtocolError, r"STEP: a frame of 2147483648 bytes")
        self.expect("garbage-welcome", ProtocolError, r"WELCOME: the JSON does not parse")
        self.expect("bad-autoreset", ProtocolError, r"env 0 was autoresetting but got reward 1.0", steps=3)

    def test_nothing_listening(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        with self.assertRaisesRegex(ServerGoneError, rf"cannot connect to pixelpilot serve at 127.0.0.1:{port}"):
            GameVectorEnv(None, 1, port=port)

    def test_connect_timeout(self):
        # A listener that never accepts, with its queue full: the next connection is never completed.
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(0)
        fillers = []
        try:
            for _ in range(8):
                c = socket.socket()
                c.setblocking(False)
                c.connect_ex(s.getsockname())
                fillers.append(c)
            t0 = time.monotonic()
            with self.assertRaisesRegex(ServerTimeoutError, r"no connection to pixelpilot serve at 127.0.0.1:\d+ within 0.5 s") as cm:
                GameVectorEnv(None, 1, port=s.getsockname()[1], connect_timeout=0.5, reply_timeout=0.5)
            self.assertLess(time.monotonic() - t0, 2.0)
            self.assertEqual(cm.exception.what, "connect")
        finally:
            for c in fillers:
                c.close()
            s.close()


class GameEnvTest(FakeServerCase):
    num_envs = 1

    def test_single_env_episode(self):
        env = GameEnv(None, port=self.server.port, seed=2)
        self.addCleanup(env.close)
        self.assertEqual((env.observation_space.shape, env.action_space.n), ((4, 5, 2), 3))
        with self.assertRaises(ResetNeededError):
            env.step(0)
        obs, info = env.reset()
        self.assertEqual((obs.shape, obs.dtype, info), ((4, 5, 2), np.uint8, {}))
        self.assertTrue(np.all(obs == pixel(2, 0, 0, 0, 1)))
        obs, r, term, trunc, info = env.step(2)
        self.assertEqual((r, term, trunc, info), (1.0, False, False, {}))
        self.assertIs(type(r), float)
        obs, r, term, trunc, info = env.step(np.int64(1))
        self.assertEqual((r, term, trunc), (0.5, True, False))
        self.assertEqual(info["episode"]["r"], 1.5)
        self.assertEqual(info["episode"]["l"], 2)
        with self.assertRaisesRegex(ResetNeededError, "after the episode ended"):
            env.step(0)
        with self.assertRaisesRegex(BadActionError, "action 5 is outside 0..2"):
            env.reset()
            env.step(5)
        with self.assertRaisesRegex(BadActionError, "one integer"):
            env.step([0, 1])
        obs, info = env.reset(seed=2)
        self.assertTrue(np.all(obs == pixel(2, 0, 0, 0, 1)))
        env.close()
        env.close()


if __name__ == "__main__":
    unittest.main()
