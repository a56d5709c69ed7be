"""pixelpilot_gym against the real ``pixelpilot serve`` on the catch demo (demos/catch/training.ts,
headless Chromium): reset/step arrays, seeds, next-step autoreset on real episodes, GameEnv, and
the processes: close() leaves no server or Chromium process; a killed server raises clearly and
close() still cleans up. PIXELPILOT_COMMAND (JSON argv) runs the CLI, e.g. ["node", "dist/cli.js"].
"""
import json
import os
import signal
import time
import unittest

import numpy as np

from pixelpilot_gym import GameEnv, GameVectorEnv, ResetNeededError, ServerGoneError

COMMAND = json.loads(os.environ.get("PIXELPILOT_COMMAND", '["node", "dist/cli.js"]'))
ENTRY = "demos/catch/training.ts"


def processes():
    """{pid: (ppid, name, state)} of every process, from /proc."""
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            out[int(d)] = (int(fields[1]), name, fields[0])
    return out


def descendants(pid):
    """The pids below ``pid`` (children, their children ...), with their names."""
    table, found, todo = processes(), {}, [pid]
    while todo:
        parent = todo.pop()
        for p, (ppid, name, _) in table.items():
            if ppid == parent and p not in found:
                found[p] = name
                todo.append(p)
    return found


def running(pids):
    table = processes()
    return sorted(p for p in pids if p in table and table[p][2] != "Z")


def bright_in_top_row(obs):
    """The fruit is in the top row: a cell there far brighter than the background."""
    return obs[0, :, 0].max() > 80


class RealServerTest(unittest.TestCase):
    def test_reset_step_and_next_step_autoreset_on_catch(self):
        with GameVectorEnv(ENTRY, 4, seed=3, command=COMMAND) as envs:
            self.assertEqual(envs.single_observation_space.shape, (10, 10, 1))
            self.assertEqual(envs.observation_space.shape, (4, 10, 10, 1))
            self.assertEqual(envs.single_action_space.n, 3)
            self.assertEqual(envs.action_names, ["left", "stay", "right"])
            self.assertEqual(envs.welcome["observation"]["frame_stack"], 1)
            obs, infos = envs.reset()
            self.assertEqual((obs.shape, obs.dtype, infos), ((4, 10, 10, 1), np.uint8, {}))
            self.assertTrue(all(bright_in_top_row(o) for o in obs), "each copy's first observation shows a fruit in the top row")
            again, _ = envs.reset(seed=3)
            np.testing.assert_array_equal(again, obs, "the same seed gives the same observations")
            rng = np.random.default_rng(0)
            returns, lengths = np.zeros(4), np.zeros(4, int)
            ended_before = np.zeros(4, bool)
            episodes = []
            for k in range(40):
                obs, r, term, trunc, infos = envs.step(rng.integers(0, 3, 4))
                self.assertEqual((obs.shape, obs.dtype, r.dtype, term.dtype), ((4, 10, 10, 1), np.uint8, np.float32, np.bool_))
                for i in np.flatnonzero(ended_before):
                    self.assertEqual((r[i], term[i], trunc[i]), (0.0, False, False), f"step {k}: copy {i} autoresets")
                returns += np.where(ended_before, 0, r)
                lengths += ~ended_before
                ended = term | trunc
                if ended.any():
                    np.testing.assert_array_equal(infos["_episode"], ended)
                    for i in np.flatnonzero(ended):
                        self.assertIn(r[i], (-1.0, 1.0))
                        self.assertEqual(infos["episode"]["r"][i], returns[i])
                        self.assertEqual(infos["episode"]["l"][i], lengths[i], "the length counts the steps after the autoreset step")
                        episodes.append(lengths[i])
                        returns[i], lengths[i] = 0, 0
                else:
                    self.assertNotIn("_episode", infos)
                self.assertFalse(trunc.any(), "catch has no max_step")
                ended_before = ended
            # A fruit falls 9 rows: 9 decisions. With several copies an end is taken at the decision
            # after it (train --game's multi-copy loop), which moves later episodes by a decision.
            self.assertEqual(episodes[:4], [9, 9, 9, 9])
            self.assertTrue(set(episodes) <= {9, 10}, episodes)
            self.assertGreaterEqual(len(episodes), 12)

    def test_game_env_is_one_copy(self):
        with GameEnv(ENTRY, seed=5, command=COMMAND) as env:
            obs, info = env.reset()
            self.assertEqual((obs.shape, info), ((10, 10, 1), {}))
            self.assertTrue(env.observation_space.contains(obs))
            for t in range(1, 20):
                obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
                self.assertIsInstance(reward, float)
                if terminated:
                    break
            self.assertEqual(t, 9)
            self.assertEqual(info["episode"]["l"], 9)
            self.assertEqual(info["episode"]["r"], reward)
            with self.assertRaises(ResetNeededError):
                env.step(1)
            first, _ = env.reset(seed=5)
            second, _ = env.reset(seed=5)
            np.testing.assert_array_equal(first, second)

    def test_close_leaves_no_server_and_no_chromium(self):
        envs = GameVectorEnv(ENTRY, 4, command=COMMAND)
        try:
            envs.reset()
            envs.step([0, 1, 2, 1])
            server = envs.server_process.pid
            below = descendants(server)
            self.assertTrue(any("chrom" in name for name in below.values()), f"the server runs Chromium: {below}")
        finally:
            t0 = time.monotonic()
            envs.close()
        print(f"close() took {time.monotonic() - t0:.2f} s; {len(below)} processes below the server", flush=True)
        self.assertEqual(envs.server_process, None)
        self.assertEqual(running([server, *below]), [], f"left running after close(): {below}")

    def test_a_killed_server_is_a_clear_error_and_close_still_cleans_up(self):
        envs = GameVectorEnv(ENTRY, 4, command=COMMAND, reply_timeout=60)
        try:
            envs.reset()
            proc = envs.server_process
            below = descendants(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            t0 = time.monotonic()
            with self.assertRaisesRegex(ServerGoneError, r"STEP: .*\(the server exited with code -9\)") as cm:
                envs.step([1, 1, 1, 1])
            self.assertLess(time.monotonic() - t0, 5, "reported at once, not after the reply timeout")
            self.assertEqual(cm.exception.returncode, -9)
        finally:
            envs.close()
        # Chromium lost its parent; close() stops the server's process group, which it is in.
        deadline = time.monotonic() + 10
        while running(below) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(running(below), [], f"left running: {below}")


if __name__ == "__main__":
    unittest.main()
