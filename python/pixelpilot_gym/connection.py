"""One TCP connection to ``pixelpilot serve``: frames in and out, each wait bounded.

Nothing here blocks without a limit: connecting waits ``connect_timeout`` seconds, each reply
``reply_timeout`` seconds; while waiting the server process (when this client started it) is
checked a few times a second, so a server that dies is reported at once with its exit code and the
end of its stderr, not after the timeout.
"""
import socket
import struct
import time

from .errors import ProtocolError, ServerGoneError, ServerTimeoutError

_U32 = struct.Struct("<I")
# How often a wait looks at the server process.
_SLICE_S = 0.2
# Largest frame before the WELCOME says how big observations are (a WELCOME or an ERROR is JSON).
_FIRST_FRAME_LIMIT = 16 << 20


class Connection:
    """A connected socket. ``process`` (optional) is the ServerProcess this client started: its
    ``returncode()`` and ``gone_error(reason)`` turn a closed socket into a precise error."""

    def __init__(self, host, port, connect_timeout, reply_timeout, process=None):
        self.where = f"{host}:{port}"
        self.reply_timeout = reply_timeout
        self.process = process
        self.frame_limit = _FIRST_FRAME_LIMIT
        self._sock = None
        try:
            self._sock = socket.create_connection((host, port), timeout=connect_timeout)
        except socket.timeout:
            raise ServerTimeoutError(f"no connection to pixelpilot serve at {self.where} within {connect_timeout} s", "connect") from None
        except OSError as e:
            raise self._gone(f"cannot connect to pixelpilot serve at {self.where} ({e.strerror or e})") from None
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def closed(self):
        return self._sock is None

    def _gone(self, reason):
        if self.process is not None:
            return self.process.gone_error(reason)
        return ServerGoneError(reason)

    def send(self, data, what):
        """Sends one frame's bytes; ServerGoneError when the server has closed the connection."""
        if self._sock is None:
            raise ServerGoneError(f"{what}: the connection to {self.where} is closed")
        self._sock.settimeout(self.reply_timeout)
        try:
            self._sock.sendall(data)
        except socket.timeout:
            raise ServerTimeoutError(f"{what}: pixelpilot serve at {self.where} took no data for {self.reply_timeout} s", "send") from None
        except OSError as e:
            self.close()
            raise self._gone(f"{what}: the connection to pixelpilot serve at {self.where} broke ({e.strerror or e})") from None

    def _read_into(self, view, deadline, what):
        got = 0
        while got < len(view):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServerTimeoutError(f"{what}: no reply from pixelpilot serve at {self.where} within {self.reply_timeout} s", "reply")
            self._sock.settimeout(min(_SLICE_S, left))
            try:
                n = self._sock.recv_into(view[got:])
            except socket.timeout:
                if self.process is not None and self.process.returncode() is not None:
                    self.close()
                    raise self._gone(f"{what}: pixelpilot serve exited while this client waited for its reply") from None
                continue
            except OSError as e:
                self.close()
                raise self._gone(f"{what}: the connection to pixelpilot serve at {self.where} broke ({e.strerror or e})") from None
            if n == 0:
                self.close()
                raise self._gone(f"{what}: pixelpilot serve at {self.where} closed the connection")
            got += n

    def receive(self, what):
        """The next frame as (type, payload bytearray), within reply_timeout seconds."""
        if self._sock is None:
            raise ServerGoneError(f"{what}: the connection to {self.where} is closed")
        deadline = time.monotonic() + self.reply_timeout
        head = bytearray(5)
        self._read_into(memoryview(head), deadline, what)
        (length,) = _U32.unpack_from(head, 0)
        if length < 1 or length > self.frame_limit:
            self.close()
            raise ProtocolError(f"{what}: a frame of {length} bytes from {self.where} (at most {self.frame_limit} expected)")
        payload = bytearray(length - 1)
        self._read_into(memoryview(payload), deadline, what)
        return head[4], payload

    def close(self):
        """Closes the socket (idempotent)."""
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
