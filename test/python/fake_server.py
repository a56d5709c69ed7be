"""A fake ``pixelpilot serve`` for the client's unit tests: protocol v1 over real TCP, written from
docs/serve-protocol.md with no code shared with the client, around a toy game whose numbers are easy to check.

The toy game: copy i's episodes last ``2 + i`` decisions; even copies end terminated, odd ones
truncated; the reward of a decision is ``action * 0.5 + i``; every pixel of copy i's observation is
``(17 * seed + 31 * i + 7 * t + 3 * last_action + 11 * episode) % 256`` (t: decisions into the
episode). Next-step autoreset as the protocol says.

``scenario`` makes it misbehave: "version" (WELCOME says protocol 2), "refuse-version" (ERROR
protocol-version), "token" (requires the token "s3cret"), "busy" (ERROR busy to HELLO), "close-on-step"
(closes the connection at the 2nd STEP), "hang-on-step" (never answers a STEP), "error-on-step"
(ERROR game at the 2nd STEP), "short-result" (a STEP_RESULT 1 byte short), "bad-autoreset" (reward 1
on an autoreset step), "huge-frame" (a frame header claiming 2 GiB), "garbage-welcome" (WELCOME not
JSON), "wrong-frame" (OBS where STEP_RESULT belongs), "extra-infos" (more per-copy infos), "slow-reset"
(1.5 s per RESET).

Run as a script it is a server command: ``fake_server.py serve --game G --envs N --port 0 [--seed S]
[--scenario X] [--process P]`` prints the ready line and serves; ``--process`` adds process
behaviours: "exit-early" (writes to stderr and exits 3 before the ready line), "no-ready" (never
prints it), "die-on-step" (writes to stderr and exits 5 at the 2nd STEP), "child" (starts a child
process, as the real server starts Chromium; its pid is in the ready line), "ignore-term" (ignores
SIGTERM), "noise" (prints a non-JSON stdout line and stderr chatter before the ready line).
"""
import argparse
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HELLO, WELCOME, RESET, OBS, STEP, STEP_RESULT, CLOSE, ERROR = 1, 2, 3, 4, 5, 6, 7, 255


def pack(kind, payload=b""):
    return struct.pack("<IB", len(payload) + 1, kind) + payload


def jbytes(v):
    return json.dumps(v).encode()


class ToyGame:
    def __init__(self, n, shape, actions):
        self.n, self.shape, self.actions = n, shape, actions
        self.size = shape[0] * shape[1] * shape[2]
        self.seed = 0
        self.t = [0] * n
        self.last = [0] * n
        self.episode = [0] * n
        self.ret = [0.0] * n
        self.ended = [False] * n

    def pixel(self, i):
        return (17 * self.seed + 31 * i + 7 * self.t[i] + 3 * self.last[i] + 11 * self.episode[i]) % 256

    def obs(self):
        return b"".join(bytes([self.pixel(i)]) * self.size for i in range(self.n))

    def start(self, i):
        self.t[i], self.last[i], self.ret[i], self.ended[i] = 0, 0, 0.0, False
        self.episode[i] += 1

    def reset(self, seed):
        if seed is not None:
            self.seed = seed
        self.episode = [0] * self.n
        for i in range(self.n):
            self.start(i)

    def step(self, actions):
        rewards, term, trunc = [], [], []
        returns, lengths = [None] * self.n, [None] * self.n
        for i, a in enumerate(actions):
            if self.ended[i]:
                self.start(i)
                rewards.append(0.0), term.append(0), trunc.append(0)
                continue
            r = a * 0.5 + i
            self.t[i] += 1
            self.last[i] = a
            self.ret[i] += r
            done = self.t[i] >= 2 + i
            rewards.append(r), term.append(int(done and i % 2 == 0)), trunc.append(int(done and i % 2 == 1))
            if done:
                self.ended[i] = True
                returns[i], lengths[i] = self.ret[i], self.t[i]
        return rewards, term, trunc, {"episode_return": returns, "episode_length": lengths}


class FakeServer:
    """Serves one client at a time on 127.0.0.1 (port 0: the OS picks); ``received`` logs every frame."""

    def __init__(self, num_envs=3, shape=(4, 5, 2), actions=3, scenario="normal", on_step=None):
        self.num_envs, self.shape, self.n_actions, self.scenario = num_envs, tuple(shape), actions, scenario
        self.on_step = on_step
        self.received = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def welcome(self):
        h, w, c = self.shape
        return {"protocol": 2 if self.scenario == "version" else 1, "server": "fake/0", "num_envs": self.num_envs,
                "observation": {"shape": [h, w, c], "dtype": "uint8", "low": 0, "high": 255, "width": w, "height": h,
                                "grayscale": True, "frame_stack": c},
                "actions": {"n": self.n_actions, "names": ["left", "stay", "right"][: self.n_actions], "noop": "stay"},
                "entry": {"path": "toy.ts", "decision_period": 4, "max_step": None}, "seed": None}

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            try:
                self._client(conn)
            except (OSError, ConnectionError):
                pass
            finally:
                conn.close()

    def _read(self, conn, n):
        buf = b""
        while len(buf) < n:
            chunk = conn.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def _frame(self, conn):
        (length,) = struct.unpack("<I", self._read(conn, 4))
        data = self._read(conn, length)
        self.received.append((data[0], data[1:]))
        return data[0], data[1:]

    def _error(self, conn, code, message):
        conn.sendall(pack(ERROR, jbytes({"code": code, "message": message})))

    def _client(self, conn):
        s = self.scenario
        kind, payload = self._frame(conn)
        if kind != HELLO:
            return self._error(conn, "bad-message", "HELLO first")
        hello = json.loads(payload)
        if s == "refuse-version" or hello.get("protocol") != 1:
            return self._error(conn, "protocol-version", f"this server speaks protocol 1, the client {hello.get('protocol')}")
        if s == "token" and hello.get("token") != "s3cret":
            return self._error(conn, "bad-token", "the token is wrong")
        if s == "busy":
            return self._error(conn, "busy", "another client is connected")
        if s == "garbage-welcome":
            return conn.sendall(pack(WELCOME, b"{not json"))
        conn.sendall(pack(WELCOME, jbytes(self.welcome())))
        game = ToyGame(self.num_envs, self.shape, self.n_actions)
        steps = 0
        while True:
            kind, payload = self._frame(conn)
            if kind == CLOSE:
                return
            if kind == RESET:
                if s == "slow-reset":
                    time.sleep(1.5)
                game.reset(json.loads(payload)["seed"])
                conn.sendall(pack(OBS, struct.pack("<I", 2) + b"{}" + game.obs()))
                continue
            if kind != STEP:
                return self._error(conn, "bad-message", f"type {kind}")
            if game.episode[0] == 0:
                return self._error(conn, "not-reset", "STEP before the first RESET")
            if len(payload) != 4 * self.num_envs:
                return self._error(conn, "bad-message", f"STEP of {len(payload)} bytes")
            actions = list(struct.unpack(f"<{self.num_envs}i", payload))
            for i, a in enumerate(actions):
                if not 0 <= a < self.n_actions:
                    return self._error(conn, "bad-action", f"env {i}: action {a} is outside 0..{self.n_actions - 1}")
            steps += 1
            if self.on_step is not None:
                self.on_step(steps)
            if steps == 2 and s == "close-on-step":
                return
            if steps == 2 and s == "error-on-step":
                return self._error(conn, "game", "TypeError: x is undefined at catch_scene.ts:42:7")
            if s == "hang-on-step":
                time.sleep(30)
                return
            if s == "huge-frame":
                return conn.sendall(struct.pack("<IB", 2 ** 31, STEP_RESULT))
            rewards, term, trunc, infos = game.step(actions)
            if s == "bad-autoreset" and steps == 3:
                rewards[0] = 1.0
            if s == "extra-infos":
                infos["lives"] = [3 - i for i in range(self.num_envs)]
                infos["note"] = "hello"
            j = jbytes(infos)
            body = struct.pack(f"<{self.num_envs}f", *rewards) + bytes(term) + bytes(trunc) + struct.pack("<I", len(j)) + j + game.obs()
            if s == "short-result":
                body = body[:-1]
            conn.sendall(pack(OBS if s == "wrong-frame" else STEP_RESULT, body))

    def close(self):
        self._stop = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command")
    ap.add_argument("--game", required=True)
    ap.add_argument("--envs", type=int, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--scenario", default="normal")
    ap.add_argument("--process", default="")
    args = ap.parse_args()
    assert args.command == "serve" and args.port == 0, sys.argv
    if args.process == "exit-early":
        print(f"pixelpilot serve: cannot build {args.game}: no such file", file=sys.stderr, flush=True)
        sys.exit(3)
    if args.process == "ignore-term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def on_step(n):
        if args.process == "die-on-step" and n == 2:
            print("pixelpilot serve: the page crashed: RangeError at catch_scene.ts:9:1", file=sys.stderr, flush=True)
            os._exit(5)

    server = FakeServer(num_envs=args.envs, scenario=args.scenario, on_step=on_step)
    ready = {"port": server.port, "host": "127.0.0.1", "num_envs": args.envs, "protocol": 1, "token_required": False}
    if args.process == "child":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        ready["child"] = child.pid
    if args.process == "noise":
        print("npm warn exec some chatter", flush=True)
        print("starting chromium ...", file=sys.stderr, flush=True)
    if args.process != "no-ready":
        print(json.dumps(ready), flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
