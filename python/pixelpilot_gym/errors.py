"""The exceptions of pixelpilot_gym: one base class, each kind named for what went wrong.

Errors the server sends (an ERROR frame, see docs/serve-protocol.md) are ServerError instances carrying the
server's ``code`` and ``message``; the codes the client can also detect itself have their own
subclass (ProtocolVersionError, BadActionError, ResetNeededError) so that ``except BadActionError``
catches a bad action whichever side saw it first.
"""


class PixelpilotError(Exception):
    """Base class of every error this package raises."""


class ServerError(PixelpilotError):
    """An ERROR frame: ``code`` is the server's stable code (e.g. ``"game"``, ``"busy"``), ``message`` its text."""

    def __init__(self, code, message):
        super().__init__(f"pixelpilot serve error [{code}]: {message}")
        self.code = code
        self.message = message


class ProtocolVersionError(ServerError):
    """The server speaks another protocol version than this client (code ``protocol-version``)."""

    def __init__(self, message, code="protocol-version"):
        super().__init__(code, message)


class BadActionError(ServerError, ValueError):
    """An action of the wrong shape, type or range (code ``bad-action``); checked before sending."""

    def __init__(self, message, code="bad-action"):
        super().__init__(code, message)


class ResetNeededError(ServerError, RuntimeError):
    """step() before reset(), or GameEnv.step() after its episode ended (code ``not-reset``)."""

    def __init__(self, message, code="not-reset"):
        super().__init__(code, message)


class ProtocolError(PixelpilotError):
    """The server sent something protocol v1 does not allow (an unexpected type, a wrong size, bad JSON)."""


class ServerGoneError(PixelpilotError, ConnectionError):
    """The connection closed or the server process exited. ``returncode`` and ``stderr_tail``
    (the process's last stderr lines) are set when this client started the server."""

    def __init__(self, message, returncode=None, stderr_tail=""):
        super().__init__(message)
        self.returncode = returncode
        self.stderr_tail = stderr_tail


class ServerStartError(ServerGoneError):
    """The server command could not start, exited, or printed no ready line in time."""


class ServerTimeoutError(PixelpilotError, TimeoutError):
    """No connection, or no reply, within the timeout (``what`` says which)."""

    def __init__(self, message, what):
        super().__init__(message)
        self.what = what


_BY_CODE = {
    "protocol-version": ProtocolVersionError,
    "bad-action": BadActionError,
    "not-reset": ResetNeededError,
}


def server_error(code, message):
    """The exception for an ERROR frame: the code's own subclass where there is one, else ServerError."""
    cls = _BY_CODE.get(code)
    if cls is None:
        return ServerError(code, message)
    return cls(message, code=code)
