"""One exception base class; each subclass is a kind of failure a user or a server can cause."""
from __future__ import annotations

import errno

from .pipeline import Abort


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


class ServerUnreachable(SendError):
    """The mail server could not be reached at all (refused, timed out, cut before it answered): the
    reply never got to it, so the attempt is not counted against the reply."""


class StorageError(IntakeError, Abort):
    """The data directory cannot be written (disk full, I/O error, permissions): the run stops and the
    mail in hand is taken up again once the fault is mended; never a reason to quarantine mail."""


STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error(exc: OSError, doing: str) -> StorageError:
    what = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EIO: "磁盘读写错误",
            errno.EROFS: "磁盘为只读", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限"}.get(exc.errno, str(exc))
    where = f"（{exc.filename}）" if exc.filename else ""
    return StorageError(f"{doing}时{what}{where}：本次检查已停止，未处理完的邮件会在问题解决后的"
                        f"下一次检查中继续处理。")


class LockedError(IntakeError):
    """Another run holds the data directory."""


# Document errors belong to the parsers; re-exported so callers have one exception module.
from parsers.errors import DocumentError, NeedsManualCheck, NoReader, UnsafeDocument  # noqa: E402,F401
