"""The folder source (the embedded default): a directory of .eml files, or a Maildir's cur/ and new/,
read in file-name order. What was read is known by its file name in the store: no cursor."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..base.errors import IntakeError, SourceError
from . import MAX_MAIL_BYTES, OS_WHY, Incoming, Kind, plain, too_large, unreadable


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
            item = read_file(p, key, self.max_bytes)
            if item is not None:
                yield item

    def committed(self, item: Incoming) -> None:
        pass

    def close(self) -> None:
        pass


def read_file(p: Path, key: str, max_bytes: int, locator: str | None = None) -> Incoming | None:
    """One message file as an Incoming (an error in words when it cannot be taken); None: it is gone."""
    try:
        with open(p, "rb") as fh:           # the size from the open file, and never more read than the limit
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(max_bytes + 1) if size <= max_bytes else b""
    except FileNotFoundError:               # moved since it was listed (Maildir new/ → cur/): next poll
        return None
    except OSError as exc:
        return Incoming(source=key, raw=b"", locator=locator,
                        error=unreadable(OS_WHY.get(exc.errno, "系统无法读取这个文件")))
    if size > max_bytes or len(raw) > max_bytes:      # grew while being read
        return Incoming(source=key, raw=b"", locator=locator, error=too_large(max(size, len(raw)), max_bytes))
    return Incoming(source=key, raw=raw, locator=locator)


def _poll(settings, store):
    box = settings.mailbox
    if not box.path:
        raise IntakeError("没有邮件来源：请用 --source 指定文件夹，或在配置文件中设置 mailbox.path"
                          "（或 mailbox.kind = \"imap\"）。")
    return plain(FolderSource(box.path, max_bytes=settings.limits.max_mail_bytes))


def _check(settings) -> list[tuple[bool, str]]:
    box = settings.mailbox
    if not box.path:
        return [(False, "没有邮件来源：请设置 mailbox.kind = \"imap\" 或 mailbox.path")]
    ok = Path(box.path).is_dir()
    return [(ok, f"邮件文件夹 {box.path}" + ("可以读取" if ok else " 不存在"))]


KIND = Kind(name="folder", poll=_poll, check=_check, reads_path=True)
