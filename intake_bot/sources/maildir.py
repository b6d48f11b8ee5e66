"""The Maildir source (kind "maildir"): a local Maildir that fetchmail, getmail or the mail server
delivers into (new/ and cur/; tmp/ is never read). Unlike the folder source it keeps a cursor, so a
poll lists only what arrived since: the newest committed file's modification time, and the names
committed within SETTLE before it (a file written slowly in tmp/ is renamed into new/ with an older
time than a quick one after it: those still arrive). The cursor is JSON, opaque to everyone else.
A message's key is its Maildir unique name (flags after ":2," left out: a reader marking it seen
changes nothing); its locator is "maildir:MTIME_NS:NAME"."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from ..base.errors import IntakeError, SourceError
from . import MAX_MAIL_BYTES, Incoming, Kind, plain
from .folder import read_file

SETTLE_NS = 300 * 10**9            # names committed this long before the newest are still remembered
CURSOR_KEY = "maildir"


def unique_name(file_name: str) -> str:
    return file_name.split(":2,")[0]


class MaildirSource:
    def __init__(self, path: str | Path, store, max_bytes: int = MAX_MAIL_BYTES):
        self.path = Path(path)
        self.store = store
        self.max_bytes = max_bytes
        if not (self.path / "new").is_dir() and not (self.path / "cur").is_dir():
            raise SourceError(f"{self.path} 不是 Maildir 邮件文件夹（没有 new/ 与 cur/）。")
        self.newest, self.names = self._cursor()

    def _cursor(self) -> tuple[int, dict[str, int]]:
        text = self.store.cursor(CURSOR_KEY) if self.store is not None else None
        if not text:
            return -1, {}
        data = json.loads(text)
        return int(data["newest"]), {k: int(v) for k, v in data["names"].items()}

    def _files(self) -> list[tuple[int, str, Path]]:
        """(mtime_ns, unique name, path) of every file not yet committed, oldest first: those after the
        cursor, and an older one the store has never finished (kept its time through a copy, or sat in
        tmp/ while later mail was read)."""
        out = []
        finished = None
        try:
            for sub in ("new", "cur"):
                if not (self.path / sub).is_dir():
                    continue
                with os.scandir(self.path / sub) as entries:
                    for entry in entries:
                        if entry.name.startswith(".") or not entry.is_file():
                            continue
                        try:
                            mtime = entry.stat().st_mtime_ns
                        except FileNotFoundError:        # moved new/ → cur/ meanwhile: listed there next poll
                            continue
                        name = unique_name(entry.name)
                        if name in self.names:
                            continue
                        if mtime <= self.newest - SETTLE_NS:          # behind the cursor (there is a store)
                            finished = self.store.finished_sources() if finished is None else finished
                            if name in finished:
                                continue
                        out.append((mtime, name, Path(entry.path)))
        except PermissionError:
            raise SourceError(f"Maildir 邮件文件夹 {self.path} 无法读取（没有权限）。") from None
        out.sort()
        return out

    def __iter__(self) -> Iterator[Incoming]:
        for mtime, name, p in self._files():
            item = read_file(p, name, self.max_bytes, locator=f"maildir:{mtime}:{name}")
            if item is not None:
                yield item

    def committed(self, item: Incoming) -> None:
        """The cursor moves past the committed file, saved at once (a kill after this never reads it again)."""
        if self.store is None or not (item.locator or "").startswith("maildir:"):
            return
        _kind, mtime, name = item.locator.split(":", 2)
        self.names[name] = int(mtime)
        self.newest = max(self.newest, int(mtime))
        self.names = {k: v for k, v in self.names.items() if v > self.newest - SETTLE_NS}
        self.store.set_cursor(CURSOR_KEY, json.dumps({"newest": self.newest, "names": self.names},
                                                     ensure_ascii=False, sort_keys=True))

    def close(self) -> None:
        pass


def _poll(settings, store):
    if not settings.mailbox.path:
        raise IntakeError("没有设置 Maildir 邮件文件夹（mailbox.path）。")
    return plain(MaildirSource(settings.mailbox.path, store, max_bytes=settings.limits.max_mail_bytes))


def _check(settings) -> list[tuple[bool, str]]:
    path = Path(settings.mailbox.path)
    ok = (path / "new").is_dir() or (path / "cur").is_dir()
    return [(ok, f"Maildir 邮件文件夹 {path}" + ("可以读取" if ok else " 不存在，或没有 new/ 与 cur/"))]


def _validate(box) -> str | None:
    return None if box.path else "kind = \"maildir\" 需要填写 path（Maildir 邮件文件夹，内有 new/ 与 cur/）"


KIND = Kind(name="maildir", poll=_poll, check=_check, validate=_validate)
