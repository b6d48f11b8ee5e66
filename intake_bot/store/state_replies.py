"""The store's record of what was sent: a reply per committed message and the reminders (and reread
corrections) per entry, both on the reply state machine (records.ReplyStatus: pending → written | sent
| failed, uncertain when a run stopped mid-send, skipped for good). A part of State (state.py)."""
from __future__ import annotations

import datetime as dt
import sqlite3

from .records import ReplyStatus, StoredMessage, StoredReply


def now_text() -> str:
    """The time stored with every change (UTC, seconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class ReplyTables:
    """The replies and reminders tables (State composes this: self.db is its connection)."""
    db: sqlite3.Connection

    # unanswered() reads messages rows through State._stored.

    @staticmethod
    def _reply(row) -> StoredReply:
        return StoredReply(status=ReplyStatus(row["status"]), reply_message_id=row["reply_message_id"],
                           recipient=row["recipient"], path=row["path"], error=row["error"], attempts=row["attempts"])

    def reply(self, row_id: int) -> StoredReply | None:
        row = self.db.execute("SELECT * FROM replies WHERE message=?", (row_id,)).fetchone()
        return self._reply(row) if row else None

    def set_reply(self, row_id: int, status: ReplyStatus, reply_message_id: str, recipient: str | None = None,
                  path: str | None = None, error: str | None = None, day: str | None = None,
                  durable: bool = False, refund: bool = False) -> None:
        """refund: the attempt begun (PENDING) never reached the server, and is not counted."""
        status = ReplyStatus(status)
        if durable:
            self.db.execute("PRAGMA synchronous=FULL")
            try:
                self.set_reply(row_id, status, reply_message_id, recipient, path, error, day, refund=refund)
            finally:
                self.db.execute("PRAGMA synchronous=NORMAL")
            return
        self.db.execute(
            "INSERT INTO replies (message, reply_message_id, recipient, status, path, error, updated_at, day, attempts)"
            " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(message) DO UPDATE SET status=excluded.status,"
            " recipient=COALESCE(excluded.recipient, replies.recipient),"
            " path=COALESCE(excluded.path, replies.path), error=excluded.error, updated_at=excluded.updated_at,"
            " day=COALESCE(excluded.day, replies.day), attempts=replies.attempts + excluded.attempts",
            (row_id, reply_message_id, recipient, status.value, path, error, now_text(), day,
             1 if status is ReplyStatus.PENDING else -1 if refund else 0))

    def replies_to(self, recipient: str, day: str) -> int:
        """Replies delivered (or on their way) to one address on one local day."""
        return self.db.execute(
            "SELECT COUNT(*) FROM replies WHERE lower(recipient)=lower(?) AND day=?"
            " AND status IN ('pending', 'written', 'sent', 'uncertain')", (recipient, day)).fetchone()[0]

    def replied_before(self, recipient: str, other_than: int) -> bool:
        """A reply to this address delivered (or on its way) for another message, on any day."""
        return self.db.execute(
            "SELECT 1 FROM replies WHERE lower(recipient)=lower(?) AND message<>?"
            " AND status IN ('pending', 'written', 'sent', 'uncertain') LIMIT 1", (recipient, other_than)).fetchone() is not None

    def unanswered(self, max_attempts: int) -> list[StoredMessage]:
        """Committed submissions whose reply never left (none recorded, pending, or failed with attempts left)."""
        rows = self.db.execute(
            "SELECT m.* FROM messages m LEFT JOIN replies r ON r.message = m.id WHERE m.status = 'done'"
            " AND m.kind IN ('submission', 'misrouted') AND (r.status IS NULL OR r.status = 'pending'"
            " OR (r.status = 'failed' AND r.attempts < ?)) ORDER BY m.id", (max_attempts,)).fetchall()
        return [self._stored(r) for r in rows]

    def replies(self) -> dict[int, StoredReply]:
        return {r["message"]: self._reply(r) for r in self.db.execute("SELECT * FROM replies")}

    def reply_counts(self) -> dict:
        return {r[0]: r[1] for r in self.db.execute("SELECT status, COUNT(*) FROM replies GROUP BY status")}

    # -- reminders (and reread corrections): one per entry and key ---------------------------------
    def reminder_status(self, roster_id: str, reminder: str) -> ReplyStatus | None:
        row = self.db.execute("SELECT status FROM reminders WHERE roster_id=? AND reminder=?",
                              (roster_id, reminder)).fetchone()
        return ReplyStatus(row["status"]) if row else None

    def set_reminder(self, roster_id: str, reminder: str, status: ReplyStatus) -> None:
        self.db.execute("INSERT INTO reminders VALUES (?,?,?,?) ON CONFLICT(roster_id, reminder) DO UPDATE"
                        " SET status=excluded.status, updated_at=excluded.updated_at",
                        (roster_id, reminder, ReplyStatus(status).value, now_text()))
