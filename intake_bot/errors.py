"""One exception base class; each subclass is a kind of failure a user or a server can cause."""
from __future__ import annotations


class IntakeError(Exception):
    """Base of every error the bot reports in one plain sentence (no traceback)."""


class ConfigError(IntakeError):
    """The configuration, a roster or a command-line option is wrong."""


class SourceError(IntakeError):
    """The mailbox or folder cannot be read. `server_answer` keeps what the server said."""

    def __init__(self, message: str, server_answer: str | None = None):
        super().__init__(message)
        self.server_answer = server_answer


class LoginError(SourceError):
    """The server refused the credentials."""


class SendError(IntakeError):
    """A reply could not be delivered."""

    def __init__(self, message: str, server_answer: str | None = None):
        super().__init__(message)
        self.server_answer = server_answer


class LockedError(IntakeError):
    """Another run holds the data directory."""


# Document errors belong to the parsers; re-exported so callers have one exception module.
from parsers.errors import DocumentError, NeedsManualCheck, NoReader, UnsafeDocument  # noqa: E402,F401
