"""GameVectorEnv starting its own server: the command line, the ready line, stopping the server
and what it started on close(), and a server that fails to start or dies mid-run (fake_server.py
run as the server command)."""
import gc
import os
import signal
import sys
import time
import unittest

import numpy as np

from pixelpilot_gym import GameVectorEnv, ServerGoneError, ServerStartError
from pixelpilot_gym.server_process import serve_argv

FAKE = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_server.py")]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by its parent.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class StartedServerTest(unittest.TestCase):
    def start(self, process="", num_envs=2, **kw):
        args = ["--process", process] if process else []
        env = GameVectorEnv("toy.ts", num_envs, command=FAKE, server_args=args, **kw)
        self.addCleanup(env.close)
        return env

    def test_argv(self):
        self.assertEqual(serve_argv(["npx", "pixelpilot"], "demos/catch/training.ts", 4),
                         ["npx", "pixelpilot", "serve", "--game", "demos/catch/training.ts", "--envs", "4", "--port", "0"])
        self.assertEqual(serve_argv(["node", "cli.js"], "g.ts", 1, seed=3, host="0.0.0.0", token="t", server_args=["--browser", "/b"]),
                         ["node", "cli.js", "serve", "--game", "g.ts", "--envs", "1", "--port", "0", "--seed", "3", "--host", "0.0.0.0",
                          "--token", "t", "--browser", "/b"])
        self.assertEqual(serve_argv("node 'my dir/cli.js'", "g.ts", 2)[:3], ["node", "my dir/cli.js", "serve"])

    def test_starts_steps_and_close_stops_the_server_and_its_children(self):
        env = self.start("child", seed=5)
        proc = env.server_process
        child = env._server.ready["child"]
        self.assertTrue(alive(proc.pid) and alive(child))
        obs, _ = env.reset()
        self.assertEqual(obs.shape, (2, 4, 5, 2))
        self.assertEqual(int(obs[0, 0, 0, 0]), (17 * 5 + 11) % 256, "--seed reached the server and the first reset")
        env.step(np.array([1, 2]))
        t0 = time.monotonic()
        env.close()
        self.assertLess(time.monotonic() - t0, 5)
        self.assertIsNotNone(proc.returncode, "close() waited for the server")
        self.assertFalse(alive(child), "the server's child process (Chromium's place) is gone too")
        env.close()

    def test_noise_before_the_ready_line_is_skipped(self):
        env = self.start("noise")
        env.reset()

    def test_context_manager_and_garbage_collection_stop_the_server(self):
        with GameVectorEnv("toy.ts", 1, command=FAKE) as env:
            proc = env.server_process
            env.reset()
        self.assertIsNotNone(proc.returncode)
        env = GameVectorEnv("toy.ts", 1, command=FAKE)
        proc = env.server_process
        del env
        gc.collect()
        proc.wait(timeout=10)

    def test_a_server_that_exits_before_it_is_ready(self):
        t0 = time.monotonic()
        with self.assertRaisesRegex(ServerStartError, r"exited with code 3 before it was ready; the end of its stderr:\npixelpilot serve: cannot build toy.ts: no such file") as cm:
            self.start("exit-early")
        self.assertEqual(cm.exception.returncode, 3)
        self.assertIn("cannot build toy.ts", cm.exception.stderr_tail)
        self.assertLess(time.monotonic() - t0, 5)

    def test_a_server_that_never_gets_ready_is_stopped(self):
        t0 = time.monotonic()
        with self.assertRaisesRegex(ServerStartError, r"printed no ready line within 1.0 s"):
            self.start("no-ready", start_timeout=1.0)
        self.assertLess(time.monotonic() - t0, 4)

    def test_a_command_that_does_not_run(self):
        with self.assertRaisesRegex(ServerStartError, r"cannot run /no/such/pixelpilot serve --game toy.ts .*No such file"):
            GameVectorEnv("toy.ts", 1, command=["/no/such/pixelpilot"])

    def test_a_server_that_dies_mid_step_is_reported_at_once(self):
        env = self.start("die-on-step", reply_timeout=60)
        env.reset()
        env.step([0, 0])
        t0 = time.monotonic()
        with self.assertRaises(ServerGoneError) as cm:
            env.step([0, 0])
        self.assertLess(time.monotonic() - t0, 5, "no wait for the reply timeout")
        e = cm.exception
        self.assertEqual(e.returncode, 5)
        self.assertRegex(str(e), r"STEP: .*\(the server exited with code 5\); the end of its stderr:\npixelpilot serve: the page crashed: RangeError at catch_scene.ts:9:1")
        with self.assertRaisesRegex(ServerGoneError, "the connection ended earlier"):
            env.step([0, 0])

    def test_a_killed_server_is_reported(self):
        env = self.start()
        env.reset()
        os.kill(env.server_process.pid, signal.SIGKILL)
        env.server_process.wait(timeout=5)
        with self.assertRaisesRegex(ServerGoneError, r"the server exited with code -9") as cm:
            env.step([0, 0])
        self.assertEqual(cm.exception.returncode, -9)

    def test_a_server_that_ignores_sigterm_is_killed(self):
        env = self.start("ignore-term", stop_timeout=1.0)
        proc = env.server_process
        env.reset()
        t0 = time.monotonic()
        env.close()
        self.assertLess(time.monotonic() - t0, 4)
        self.assertEqual(proc.returncode, -signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
