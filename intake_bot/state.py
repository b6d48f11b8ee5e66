"""State in SQLite (WAL): every message read, its outcome, replies, mailbox cursors, the roster.

Processed-mail state is keyed on the source key (a file name, or FOLDER/UIDVALIDITY/UID). Writes
commit before any side effect (reply, flag) so a crash never loses mail and never repeats a reply.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL UNIQUE,
    folder TEXT, uidvalidity INTEGER, uid INTEGER,
    sha256 TEXT NOT NULL,
    message_id TEXT,
    archive_path TEXT,
    status TEXT NOT NULL DEFAULT 'received',      -- received | done | failed | quarantined
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    kind TEXT, roster_id TEXT,
    record TEXT,                                  -- JSON outcome (see model.Mail.record)
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_sha ON messages(sha256);
CREATE INDEX IF NOT EXISTS messages_mid ON messages(message_id);
CREATE INDEX IF NOT EXISTS messages_roster ON messages(roster_id, id);
CREATE TABLE IF NOT EXISTS replies (
    message INTEGER PRIMARY KEY REFERENCES messages(id),
    reply_message_id TEXT NOT NULL,
    recipient TEXT,
    status TEXT NOT NULL,                         -- pending | written | sent | uncertain | failed | skipped
    path TEXT, error TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cursors (
    folder TEXT PRIMARY KEY, uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS roster (id TEXT PRIMARY KEY, position INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reminders (
    roster_id TEXT, reminder TEXT, status TEXT, updated_at TEXT, PRIMARY KEY (roster_id, reminder)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


STATE_FILE = "state.sqlite3"


class State:
    @classmethod
    def in_dir(cls, data_dir: Path) -> "State":
        return cls(Path(data_dir) / STATE_FILE)

    @classmethod
    def existing(cls, data_dir: Path) -> "State":
        """The state of a data directory a run has used; a plain-sentence error otherwise."""
        from .errors import IntakeError
        if not (Path(data_dir) / STATE_FILE).exists():
            raise IntakeError(f"{data_dir} holds no intake-bot state yet: run `intake-bot run` first.")
        return cls(Path(data_dir) / STATE_FILE)

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- messages ---------------------------------------------------------------------------------
    def message_by_source(self, source: str):
        return self.db.execute("SELECT * FROM messages WHERE source=?", (source,)).fetchone()

    def first_with(self, sha256: str, message_id: str | None, before: int):
        row = self.db.execute("SELECT * FROM messages WHERE sha256=? AND id<? AND status='done' ORDER BY id LIMIT 1",
                              (sha256, before)).fetchone()
        if row is None and message_id:
            row = self.db.execute("SELECT * FROM messages WHERE message_id=? AND id<? AND status='done'"
                                  " ORDER BY id LIMIT 1", (message_id, before)).fetchone()
        return row

    def record_received(self, source: str, sha256: str, archive_path: str, message_id: str | None,
                        folder: str | None = None, uidvalidity: int | None = None, uid: int | None = None) -> int:
        t = now_text()
        cur = self.db.execute(
            "INSERT INTO messages (source, folder, uidvalidity, uid, sha256, message_id, archive_path,"
            " received_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (source, folder, uidvalidity, uid, sha256, message_id, archive_path, t, t))
        return cur.lastrowid

    def record_outcome(self, row_id: int, status: str, record: dict, error: str | None = None,
                       attempt: bool = True) -> None:
        self.db.execute(
            "UPDATE messages SET status=?, record=?, error=?, kind=?, roster_id=?, message_id=COALESCE(?, message_id),"
            " attempts=attempts+?, updated_at=? WHERE id=?",
            (status, json.dumps(record, ensure_ascii=False), error, record.get("kind"), record.get("roster_id"),
             record.get("message_id"), 1 if attempt else 0, now_text(), row_id))

    def messages(self, status: str | None = None) -> list:
        if status:
            return self.db.execute("SELECT * FROM messages WHERE status=? ORDER BY id", (status,)).fetchall()
        return self.db.execute("SELECT * FROM messages ORDER BY id").fetchall()

    def records(self) -> list[dict]:
        out = []
        for row in self.messages():
            rec = json.loads(row["record"]) if row["record"] else {
                "source": row["source"], "message_id": row["message_id"], "kind": "other",
                "attachments": [], "failed": row["error"]}
            rec["_row"], rec["_status"], rec["_error"] = row["id"], row["status"], row["error"]
            out.append(rec)
        return out

    def known_in_folder(self, sha256: str, folder: str, uidvalidity: int) -> bool:
        """Seen before in this folder under another UIDVALIDITY (the server renumbered)."""
        return self.db.execute("SELECT 1 FROM messages WHERE sha256=? AND folder=? AND uidvalidity<>?",
                               (sha256, folder, uidvalidity)).fetchone() is not None

    # -- replies ----------------------------------------------------------------------------------
    def reply(self, row_id: int):
        return self.db.execute("SELECT * FROM replies WHERE message=?", (row_id,)).fetchone()

    def set_reply(self, row_id: int, status: str, reply_message_id: str, recipient: str | None = None,
                  path: str | None = None, error: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO replies (message, reply_message_id, recipient, status, path, error, updated_at)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(message) DO UPDATE SET status=excluded.status,"
            " path=COALESCE(excluded.path, replies.path), error=excluded.error, updated_at=excluded.updated_at",
            (row_id, reply_message_id, recipient, status, path, error, now_text()))

    def unanswered(self) -> list[dict]:
        """Committed submissions whose reply never left (none recorded, pending, or failed)."""
        rows = self.db.execute(
            "SELECT m.* FROM messages m LEFT JOIN replies r ON r.message = m.id WHERE m.status = 'done'"
            " AND m.kind IN ('submission', 'plan_2025') AND (r.status IS NULL OR r.status IN ('pending', 'failed'))"
            " ORDER BY m.id").fetchall()
        return [{**json.loads(r["record"]), "_row": r["id"], "_status": r["status"]} for r in rows]

    def replies(self) -> dict:
        return {r["message"]: dict(r) for r in self.db.execute("SELECT * FROM replies")}

    # -- cursors ----------------------------------------------------------------------------------
    def cursor(self, folder: str):
        row = self.db.execute("SELECT uidvalidity, last_uid FROM cursors WHERE folder=?", (folder,)).fetchone()
        return (row["uidvalidity"], row["last_uid"]) if row else (None, 0)

    def set_cursor(self, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.db.execute("INSERT INTO cursors (folder, uidvalidity, last_uid) VALUES (?,?,?) ON CONFLICT(folder)"
                        " DO UPDATE SET uidvalidity=excluded.uidvalidity, last_uid=excluded.last_uid",
                        (folder, uidvalidity, last_uid))

    # -- roster, reminders, meta -----------------------------------------------------------------
    def store_roster(self, entries: list) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM roster")
            for i, e in enumerate(entries):
                self.db.execute("INSERT INTO roster (id, position, data) VALUES (?,?,?)",
                                (e.id, i, json.dumps(e.as_dict(), ensure_ascii=False)))

    def roster_rows(self) -> list[dict]:
        return [json.loads(r["data"]) for r in self.db.execute("SELECT data FROM roster ORDER BY position")]

    def reminder_status(self, roster_id: str, reminder: str):
        row = self.db.execute("SELECT status FROM reminders WHERE roster_id=? AND reminder=?",
                              (roster_id, reminder)).fetchone()
        return row["status"] if row else None

    def set_reminder(self, roster_id: str, reminder: str, status: str) -> None:
        self.db.execute("INSERT INTO reminders VALUES (?,?,?,?) ON CONFLICT(roster_id, reminder) DO UPDATE"
                        " SET status=excluded.status, updated_at=excluded.updated_at",
                        (roster_id, reminder, status, now_text()))

    def set_meta(self, key: str, value) -> None:
        self.db.execute("INSERT INTO meta VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (key, json.dumps(value, ensure_ascii=False)))

    def meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default
