"""Where mail comes from, behind one interface: a folder of .eml files / a Maildir (the embedded
default), or an IMAP mailbox (imap.py). A source yields `Incoming` items in delivery order and is
told when an item has been committed, so it can advance its cursor."""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from .errors import SourceError


@dataclass
class Incoming:
    source: str                   # the key processed-mail state is stored under
    raw: bytes
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    error: str | None = None      # the source cannot take it (too large, unreadable): recorded once with
                                  # this reason, quarantined for staff, never read again


MAX_MAIL_BYTES = 80 * 1024 * 1024


def too_large(size: int, limit: int) -> str:
    return (f"邮件过大（{_mb(size)} MB，上限 {_mb(limit)} MB，设置 limits.max_mail_bytes），"
            "未读取：请在邮箱中直接查看原邮件")


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".removesuffix(".0")


_OS_WHY = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.EIO: "磁盘读取出错",
           errno.EISDIR: "这是一个文件夹，不是邮件文件", errno.ELOOP: "链接指向自身", errno.ENAMETOOLONG: "文件名过长"}


def unreadable(why: str) -> str:
    return f"邮件文件无法读取（{why}）：请检查文件及其权限后，在邮箱或文件夹中直接查看"


class Source(Protocol):
    def __iter__(self) -> Iterator[Incoming]: ...
    def committed(self, item: Incoming) -> None: ...
    def close(self) -> None: ...


class FolderSource:
    """A directory of message files read in file-name order; a Maildir (cur/ and new/) too."""

    def __init__(self, path: str | Path, max_bytes: int = MAX_MAIL_BYTES):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.known: set[str] = set()      # keys already processed: not read again
        if not self.path.is_dir():
            raise SourceError(f"邮件文件夹 {self.path} 不存在，或不是文件夹。")

    def _files(self) -> list[tuple[str, Path]]:
        """(key, path) of every message file not yet processed, in name order. One directory read and
        no stat per file (a season's folder holds thousands of mails; entry types come with the listing)."""
        dirs = [(self.path, False)]
        if (self.path / "cur").is_dir() or (self.path / "new").is_dir():
            dirs = [(d, True) for d in (self.path / "cur", self.path / "new") if d.is_dir()]
        out = []
        try:
            for d, maildir in dirs:
                with os.scandir(d) as entries:
                    for entry in entries:
                        if entry.name.startswith(".") or not entry.is_file():
                            continue
                        key = f"{d.name}/{entry.name.split(':2,')[0]}" if maildir else entry.name
                        out.append((key, entry.path))
        except PermissionError:
            raise SourceError(f"邮件文件夹 {self.path} 无法读取（没有权限）。") from None
        out.sort()
        return [(key, Path(path)) for key, path in out if key not in self.known]

    def __iter__(self) -> Iterator[Incoming]:
        for key, p in self._files():
            try:
                with open(p, "rb") as fh:           # the size from the open file, and never more read than the limit
                    size = os.fstat(fh.fileno()).st_size
                    raw = fh.read(self.max_bytes + 1) if size <= self.max_bytes else b""
            except FileNotFoundError:               # moved since it was listed (Maildir new/ → cur/): next poll
                continue
            except OSError as exc:
                yield Incoming(source=key, raw=b"", error=unreadable(_OS_WHY.get(exc.errno, "系统无法读取这个文件")))
                continue
            if size > self.max_bytes or len(raw) > self.max_bytes:      # grew while being read
                yield Incoming(source=key, raw=b"", error=too_large(max(size, len(raw)), self.max_bytes))
                continue
            yield Incoming(source=key, raw=raw)

    def committed(self, item: Incoming) -> None:
        pass

    def close(self) -> None:
        pass
