"""State in SQLite (WAL): every message read, its outcome, replies, mailbox cursors, the roster.

Processed-mail state is keyed on the source key, with the locator its source kind made (sources/). Writes
commit before any side effect (reply, flag) so a crash never loses mail and never repeats a reply.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from ..base.errors import IntakeError
from .state_migrations import to_locators
from .records import RECORD_VERSION, MessageRecord, MessageStatus, ReplyStatus, StoredMessage, migrate_v1
from .state_meta import Meta
from .state_replies import ReplyTables, now_text
from .state_roster import RosterTable

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL UNIQUE,
    locator TEXT,                                 -- where the source kind found it (sources/), its own words
    sha256 TEXT NOT NULL,
    message_id TEXT,
    archive_path TEXT,
    status TEXT NOT NULL DEFAULT 'received',      -- received | done | failed | quarantined
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    kind TEXT, roster_id TEXT,
    record TEXT,                                  -- JSON MessageRecord, versioned (records.py)
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    read_by TEXT,                                 -- the reader (version.reader_version) of the record; NULL: before 0.2
    read_at TEXT                                  -- when it read it (a run, or `reread --apply`)
);
CREATE INDEX IF NOT EXISTS messages_sha ON messages(sha256);
CREATE INDEX IF NOT EXISTS messages_mid ON messages(message_id);
CREATE INDEX IF NOT EXISTS messages_roster ON messages(roster_id, id);
CREATE INDEX IF NOT EXISTS messages_status ON messages(status, id);
CREATE TABLE IF NOT EXISTS replies (
    message INTEGER PRIMARY KEY REFERENCES messages(id),
    reply_message_id TEXT NOT NULL,
    recipient TEXT,
    status TEXT NOT NULL,                         -- pending | written | sent | uncertain | failed | skipped
    path TEXT, error TEXT,
    updated_at TEXT NOT NULL,
    day TEXT,                                     -- the local day of the run that delivered it (the daily cap)
    attempts INTEGER NOT NULL DEFAULT 0           -- delivery attempts (bounded)
);
CREATE TABLE IF NOT EXISTS served (                -- entries a message speaks for besides its own (roster_id)
    roster_id TEXT NOT NULL, message INTEGER NOT NULL REFERENCES messages(id), PRIMARY KEY (roster_id, message)
);
CREATE TABLE IF NOT EXISTS source_cursors (       -- per source: an opaque cursor only its kind reads
    source TEXT PRIMARY KEY, cursor TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roster (id TEXT PRIMARY KEY, position INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reminders (
    roster_id TEXT, reminder TEXT, status TEXT, updated_at TEXT, PRIMARY KEY (roster_id, reminder)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


STATE_FILE = "state.sqlite3"


class State(ReplyTables, RosterTable):
    """The one owner of SQL: every read and write of the state goes through a method here, of the replies
    and reminders tables in state_replies.py, of the roster in state_roster.py, of the typed meta keys in state_meta.py (`state.meta`)."""

    @classmethod
    def in_dir(cls, data_dir: Path) -> "State":
        return cls(Path(data_dir) / STATE_FILE)

    @classmethod
    def existing(cls, data_dir: Path) -> "State":
        """The state of a data directory a run has used; a plain-sentence error otherwise."""
        if not (Path(data_dir) / STATE_FILE).exists():
            raise IntakeError(f"{data_dir} 中还没有 intake-bot 的数据：请先运行 `intake-bot run`。")
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
        # WAL with synchronous=NORMAL: a commit survives the process being killed (it is in the OS's
        # page cache); only a power cut can take back the last commits, and then the mail is read again
        # from the archive or the mailbox. The one state that must survive a power cut — a reply about
        # to leave the machine — is written with a sync of its own (set_reply(durable=True)).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.meta = Meta(self.db)
        self._add_columns()
        to_locators(self.db)
        self._migrate()

    def close(self) -> None:
        self.db.close()

    # -- schema versions ----------------------------------------------------------------------------
    def _add_columns(self) -> None:
        """Columns later versions added to tables an earlier version created."""
        have = {r["name"] for r in self.db.execute("PRAGMA table_info(replies)")}
        for column, ddl in (("day", "day TEXT"), ("attempts", "attempts INTEGER NOT NULL DEFAULT 0")):
            if column not in have:
                self.db.execute(f"ALTER TABLE replies ADD COLUMN {ddl}")
        self.db.execute("CREATE INDEX IF NOT EXISTS replies_recipient ON replies(recipient, day)")
        have = {r["name"] for r in self.db.execute("PRAGMA table_info(messages)")}
        for column in ("read_by", "read_at"):
            if column not in have:
                self.db.execute(f"ALTER TABLE messages ADD COLUMN {column} TEXT")

    def _migrate(self) -> None:
        """Records stored in an earlier layout are rewritten in the current one, in one transaction."""
        version = self.meta.record_version
        if version == RECORD_VERSION:
            return
        rows = self.db.execute("SELECT id, record FROM messages WHERE record IS NOT NULL").fetchall()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            moved = 0
            for row in rows:
                data = json.loads(row["record"])
                if data.get("v", 1) >= RECORD_VERSION:
                    continue
                record = MessageRecord.from_dict(migrate_v1(data))
                self.db.execute("UPDATE messages SET record=?, kind=? WHERE id=?",
                                (record.to_json(), record.kind.value, row["id"]))
                moved += 1
            self.meta.record_version = RECORD_VERSION
        if moved:
            log.info("已将 %d 条旧格式记录升级为第 %d 版", moved, RECORD_VERSION)

    # -- messages ---------------------------------------------------------------------------------
    def _stored(self, row, reply=None) -> StoredMessage:
        return StoredMessage(row=row["id"], source=row["source"], status=MessageStatus(row["status"]),
                             attempts=row["attempts"], error=row["error"],
                             record=MessageRecord.from_json(row["record"]) if row["record"] else None,
                             reply=reply)

    def message_by_source(self, source: str) -> StoredMessage | None:
        row = self.db.execute("SELECT * FROM messages WHERE source=?", (source,)).fetchone()
        return self._stored(row) if row else None

    def first_with(self, sha256: str, message_id: str | None, before: int,
                   same=lambda record: True) -> tuple[StoredMessage | None, str | None]:
        """The earliest finished message with the same bytes, else with the same Message-ID whose record
        `same` accepts; and, when none is, the source of one that reused the Message-ID for other content."""
        row = self.db.execute("SELECT * FROM messages WHERE sha256=? AND id<? AND status='done' ORDER BY id LIMIT 1",
                              (sha256, before)).fetchone()
        if row is not None:
            return self._stored(row), None
        reused = None
        if message_id:
            for row in self.db.execute("SELECT * FROM messages WHERE message_id=? AND id<? AND status='done'"
                                       " ORDER BY id", (message_id, before)).fetchall():
                earlier = self._stored(row)
                if same(earlier.view):
                    return earlier, None
                reused = reused or earlier.source
        return None, reused

    def record_received(self, source: str, sha256: str, archive_path: str, message_id: str | None,
                        locator: str | None = None) -> int:
        t = now_text()
        cur = self.db.execute(
            "INSERT INTO messages (source, locator, sha256, message_id, archive_path, received_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?)", (source, locator, sha256, message_id, archive_path, t, t))
        return cur.lastrowid

    def start_attempt(self, row_id: int) -> None:
        """Counted before the work starts, so a mail that hangs or kills the bot is counted too."""
        self.db.execute("UPDATE messages SET attempts=attempts+1, updated_at=? WHERE id=?", (now_text(), row_id))

    def attempts(self, row_id: int) -> int:
        row = self.db.execute("SELECT attempts FROM messages WHERE id=?", (row_id,)).fetchone()
        return row["attempts"] if row else 0

    def record_outcome(self, row_id: int, status: MessageStatus, record: MessageRecord, error: str | None = None,
                       read_by: str | None = None) -> None:
        """read_by: the reader that made the record (kept with the time it read it)."""
        with self.db:
            self.db.execute("BEGIN")
            t = now_text()
            self.db.execute(
                "UPDATE messages SET status=?, record=?, error=?, kind=?, roster_id=?, message_id=COALESCE(?, message_id),"
                " updated_at=?, read_by=COALESCE(?, read_by), read_at=CASE WHEN ? IS NULL THEN read_at ELSE ? END"
                " WHERE id=?",
                (MessageStatus(status).value, record.to_json(), error, record.kind.value, record.roster_id,
                 record.message_id, t, read_by, read_by, t, row_id))
            self.db.execute("DELETE FROM served WHERE message=?", (row_id,))
            self.db.executemany("INSERT INTO served VALUES (?,?)", [(rid, row_id) for rid in record.served()[1:]])

    def record_reading(self, row_id: int, record: MessageRecord, read_by: str, no_reply: tuple[str, str]) -> None:
        """A read mail's new reading (reread --apply), and for a mail that never had a reply a skipped one
        (reply_message_id, why), in one transaction: an interruption can never leave it to be answered."""
        with self.db:
            self.db.execute("BEGIN")
            t = now_text()
            self.db.execute("UPDATE messages SET status='done', record=?, error=NULL, kind=?, roster_id=?, updated_at=?,"
                            " read_by=?, read_at=? WHERE id=?",
                            (record.to_json(), record.kind.value, record.roster_id, t, read_by, t, row_id))
            self.db.execute("DELETE FROM served WHERE message=?", (row_id,))
            self.db.executemany("INSERT INTO served VALUES (?,?)", [(rid, row_id) for rid in record.served()[1:]])
            self.db.execute("INSERT OR IGNORE INTO replies (message, reply_message_id, status, error, updated_at)"
                            " VALUES (?,?,?,?,?)", (row_id, no_reply[0], ReplyStatus.SKIPPED.value, no_reply[1], t))

    def older_readings(self, version: str) -> int:
        """Mails done whose reading was made by another reader than `version` (or before readers were recorded)."""
        return self.db.execute("SELECT COUNT(*) FROM messages WHERE status='done' AND (read_by IS NULL OR read_by<>?)",
                               (version,)).fetchone()[0]

    def messages(self, status: MessageStatus | None = None) -> list[StoredMessage]:
        """Every message in the order read, each with its reply."""
        replies = self.replies()
        if status:
            rows = self.db.execute("SELECT * FROM messages WHERE status=? ORDER BY id", (MessageStatus(status).value,))
        else:
            rows = self.db.execute("SELECT * FROM messages ORDER BY id")
        return [self._stored(r, replies.get(r["id"])) for r in rows]

    def messages_of(self, roster_id: str) -> list[StoredMessage]:
        """The messages matched to one roster entry, or whose documents name it, in order (indexed)."""
        rows = self.db.execute("SELECT * FROM messages WHERE roster_id=? OR id IN (SELECT message FROM served"
                               " WHERE roster_id=?) ORDER BY id", (roster_id, roster_id))
        return [self._stored(r) for r in rows]

    def retry_rows(self, max_attempts: int) -> list[dict]:
        """Messages to read again from the archive: failed ones with attempts left, and ones an earlier
        run started but never finished (it was killed or hung: quarantined once attempts run out)."""
        return [dict(r) for r in self.db.execute(
            "SELECT id, source, archive_path, locator FROM messages"
            " WHERE ((status='failed' AND attempts < ?) OR status='received') AND archive_path <> '' ORDER BY id",
            (max_attempts,))]

    def readings(self) -> dict[int, tuple[str | None, str | None]]:
        """Per message: (the reader that made its record, when); (None, None) before readers were recorded."""
        return {r["id"]: (r["read_by"], r["read_at"]) for r in self.db.execute("SELECT id, read_by, read_at FROM messages")}

    def archived(self, row_id: int) -> tuple[str, str]:
        """(archive path as recorded, sha256) of one message."""
        row = self.db.execute("SELECT archive_path, sha256 FROM messages WHERE id=?", (row_id,)).fetchone()
        return (row["archive_path"] or "", row["sha256"]) if row else ("", "")

    def finished_sources(self) -> set[str]:
        return {r["source"] for r in self.db.execute(
            "SELECT source FROM messages WHERE status IN ('done', 'quarantined')")}

    def locators_of(self, sha256: str) -> list[str]:
        """Where messages with these bytes were found (their source kinds' locators)."""
        return [r[0] for r in self.db.execute("SELECT locator FROM messages WHERE sha256=? AND locator IS NOT NULL",
                                              (sha256,))]

    def count_by(self, column: str) -> dict:
        """How many messages per status or per kind (for `status`)."""
        if column not in ("status", "kind"):
            raise ValueError(column)
        return {r[0]: r[1] for r in self.db.execute(f"SELECT {column}, COUNT(*) FROM messages GROUP BY {column}")}

    def failures(self) -> list[StoredMessage]:
        rows = self.db.execute("SELECT * FROM messages WHERE status IN ('failed', 'quarantined') ORDER BY id")
        return [self._stored(r) for r in rows]

    # -- cursors ----------------------------------------------------------------------------------
    def cursor(self, source: str) -> str | None:
        row = self.db.execute("SELECT cursor FROM source_cursors WHERE source=?", (source,)).fetchone()
        return row["cursor"] if row else None        # opaque text its kind saved; None before its first commit

    def set_cursor(self, source: str, cursor: str) -> None:
        self.db.execute("INSERT INTO source_cursors (source, cursor) VALUES (?,?) ON CONFLICT(source)"
                        " DO UPDATE SET cursor=excluded.cursor", (source, cursor))

