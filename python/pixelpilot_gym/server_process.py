"""A ``pixelpilot serve`` process started by the client: its ready line, its stderr, its end.

The server runs in a process group of its own (POSIX), so that stopping it reaches whatever it
started (``npx``'s node, Chromium) even when a launcher in between does not pass signals on.
"""
import collections
import json
import os
import selectors
import shlex
import signal
import subprocess
import threading
import time

from .errors import ServerGoneError, ServerStartError

DEFAULT_COMMAND = ("npx", "pixelpilot")
# Lines of stderr kept for error messages.
_TAIL_LINES = 40


def serve_argv(command, entry, num_envs, seed=None, host=None, token=None, server_args=()):
    """The argv that starts the server: ``command`` (argv words, or one string split as a shell
    would) + ``serve --game ENTRY --envs N --port 0 ...``."""
    argv = (shlex.split(command) if isinstance(command, str) else list(command)) + ["serve", "--game", str(entry), "--envs", str(num_envs), "--port", "0"]
    if seed is not None:
        argv += ["--seed", str(seed)]
    if host is not None:
        argv += ["--host", host]
    if token is not None:
        argv += ["--token", token]
    return argv + [str(a) for a in server_args]


def _drain(stream, tail):
    """Reads a pipe to its end (so the server never blocks on a full pipe), keeping the last lines."""
    for line in iter(stream.readline, b""):
        tail.append(line.decode("utf-8", "replace").rstrip("\n"))
    stream.close()


def _kill_group(proc, sig):
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid):
    if not hasattr(os, "killpg"):
        return False
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def stop_process(proc, timeout):
    """SIGTERM to the server's group, wait ``timeout`` s for it and what it started, then SIGKILL. Idempotent."""
    if proc.returncode is None:
        _kill_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    try:
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.returncode is None or _group_alive(proc.pid):
        _kill_group(proc, signal.SIGKILL)
        proc.wait()
        t0 = time.monotonic()
        while _group_alive(proc.pid) and time.monotonic() - t0 < 5:
            time.sleep(0.05)


class ServerProcess:
    """Starts the server and waits for its JSON ready line (``ready``: that line as a dict)."""

    def __init__(self, argv, start_timeout=120.0, cwd=None, env=None):
        self.argv = list(argv)
        self._stderr = collections.deque(maxlen=_TAIL_LINES)
        self._stdout = collections.deque(maxlen=_TAIL_LINES)
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         cwd=cwd, env=env, start_new_session=True)
        except OSError as e:
            raise ServerStartError(f"cannot run {' '.join(self.argv)}: {e.strerror or e}") from None
        self._stderr_thread = threading.Thread(target=_drain, args=(self.proc.stderr, self._stderr), daemon=True)
        self._stderr_thread.start()
        try:
            self.ready = self._read_ready(start_timeout)
        except BaseException:
            self.stop(5.0)
            self.proc.stdout.close()
            raise
        threading.Thread(target=_drain, args=(self.proc.stdout, self._stdout), daemon=True).start()

    def _read_ready(self, timeout):
        """The first stdout line that is a JSON object with a port (other lines are kept for errors)."""
        deadline = time.monotonic() + timeout
        buf = b""
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._start_error(f"printed no ready line within {timeout} s")
                if not sel.select(min(left, 0.2)):
                    if self.proc.poll() is not None:
                        raise self._start_error(f"exited with code {self.proc.returncode} before it was ready")
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    try:
                        self.proc.wait(timeout=max(0.1, min(5.0, deadline - time.monotonic())))
                    except subprocess.TimeoutExpired:
                        raise self._start_error("closed its stdout before it was ready") from None
                    raise self._start_error(f"exited with code {self.proc.returncode} before it was ready")
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    text = line.decode("utf-8", "replace").strip()
                    try:
                        ready = json.loads(text)
                    except ValueError:
                        ready = None
                    if isinstance(ready, dict) and isinstance(ready.get("port"), int):
                        return ready
                    self._stdout.append(text)

    def _start_error(self, what):
        self._wait_stderr()
        out = "\n".join(self._stdout)
        return ServerStartError(f"pixelpilot serve ({' '.join(self.argv)}) {what}" + self._tail_text() +
                                (f"\nits stdout:\n{out}" if out else ""), self.proc.returncode, self.stderr_tail())

    def _wait_stderr(self):
        # The process is gone or going: its last stderr lines are worth a short wait.
        if self.proc.poll() is not None:
            self._stderr_thread.join(timeout=1.0)

    def _tail_text(self):
        tail = self.stderr_tail()
        return f"; the end of its stderr:\n{tail}" if tail else "; it wrote nothing on stderr"

    def stderr_tail(self):
        """The server's last stderr lines, as one string."""
        return "\n".join(self._stderr)

    def returncode(self):
        """The exit code once the server has exited, else None."""
        return self.proc.poll()

    def gone_error(self, reason):
        """ServerGoneError for ``reason``, with the exit code (waited for briefly) and the stderr tail."""
        try:
            self.proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            pass
        self._wait_stderr()
        code = self.proc.returncode
        state = f"the server exited with code {code}" if code is not None else "the server process is still running"
        return ServerGoneError(f"{reason} ({state}){self._tail_text()}", code, self.stderr_tail())

    def stop(self, timeout=20.0):
        """Stops the server and everything in its process group; waits for them. Idempotent."""
        stop_process(self.proc, timeout)
        self._stderr_thread.join(timeout=1.0)
