"""The store's facts beside the records (the meta table), typed: every key declared once here with
its type — times as datetimes, counts as ints, notes as frozen dataclasses — and read and written as
attributes (`state.meta.workbook_due = True`). Stored as JSON text, as before: no migration."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Note:
    """A sentence for staff and when it was said (the workbook's last trouble, a refused login)."""
    at: dt.datetime
    text: str


@dataclass(frozen=True)
class LastPoll:
    """The heartbeat: when the last poll ended and what it did."""
    at: dt.datetime
    read: int = 0
    new: int = 0
    failed: int = 0
    replies: int = 0


@dataclass(frozen=True)
class CampaignMark:
    """The collection a data directory belongs to (datadir.py)."""
    title: str
    year: int
    file: str = ""


@dataclass(frozen=True)
class RereadMark:
    """A `reread --apply` that has not reached its end: resumed by the next with the same choice."""
    version: str
    selection: dict
    started: dt.datetime


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _with_time(cls, *times: str) -> tuple[Callable, Callable]:
    """How a dataclass with datetime fields is loaded from JSON and dumped to it."""
    def load(data: dict):
        return cls(**{k: _time(v) if k in times else v for k, v in data.items() if k in cls.__dataclass_fields__})

    def dump(value) -> dict:
        return {k: _iso(v) if k in times else v for k, v in asdict(value).items()}
    return load, dump


class Key(Generic[T]):
    """One meta key: its name (the attribute's), how its JSON value is read and written, its default."""

    def __init__(self, load: Callable[[Any], T] = lambda v: v, dump: Callable[[T], Any] = lambda v: v,
                 default: T | None = None):
        self.load, self.dump, self.default = load, dump, default
        self.name = ""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, meta: "Meta | None", owner=None) -> T:
        if meta is None:
            return self                                   # type: ignore[return-value]
        value = meta.raw(self.name)
        return self.default if value is None else self.load(value)

    def __set__(self, meta: "Meta", value: T | None) -> None:
        meta.set_raw(self.name, None if value is None else self.dump(value))


class Meta:
    """Every key of the meta table, typed. A key absent (or set to None) reads as its default."""
    # the store itself
    record_version: Key[int] = Key(int)                                   # the records' layout (records.py)
    roster_digest: Key[str] = Key(str)                                    # the roster stored last (unchanged: kept)
    campaign: Key[CampaignMark] = Key(*_with_time(CampaignMark))          # the data directory's collection
    # the poll
    last_poll: Key[LastPoll] = Key(*_with_time(LastPoll, "at"))           # the heartbeat `status` reads
    in_hand: Key[int] = Key(int)                                          # the mail a run was stuck on if it died
    login_refused: Key[Note] = Key(*_with_time(Note, "at"))              # the mailbox's last refusal, until a login
    # the tracking workbook
    workbook_due: Key[bool] = Key(bool, default=False)                    # new content not yet written
    workbook_at: Key[dt.datetime] = Key(_time, _iso)                      # when it was last written whole (UTC)
    workbook_written: Key[int] = Key(int)                                 # its file's mtime (ns) when the bot wrote it
    workbook_note: Key[Note] = Key(*_with_time(Note, "at"))              # why it was not written (or only aside)
    staff_read: Key[int] = Key(int)                                       # its mtime (ns) when staff cells were read
    staff_cells: Key[dict] = Key(dict)                                    # those cells (tracking.StaffCells fields)
    staff_decisions: Key[dict] = Key(dict)                                # what staff decided (Decisions.to_meta)
    staff_overrides: Key[dict] = Key(dict)                                # the same, as an earlier version kept it
    # the other jobs
    digest_last: Key[dict] = Key(dict)                                    # what the last digest counted (digest.py)
    reread_unfinished: Key[RereadMark] = Key(*_with_time(RereadMark, "started"))

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    @classmethod
    def keys(cls) -> list[str]:
        return [name for name, value in vars(cls).items() if isinstance(value, Key)]

    def raw(self, key: str):
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_raw(self, key: str, value) -> None:
        if key not in self.keys():
            raise KeyError(f"undeclared meta key: {key}")
        self._db.execute("INSERT INTO meta VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                         (key, json.dumps(value, ensure_ascii=False)))
