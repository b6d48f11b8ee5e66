"""The roster as the last run read it, kept in the store (so outputs and `reread` read the same one).
A part of State (state.py)."""
from __future__ import annotations

import json
import sqlite3

from .state_meta import Meta


class RosterTable:
    """The roster table (State composes this: self.db is its connection, self.meta its typed keys)."""
    db: sqlite3.Connection
    meta: Meta

    def store_roster(self, entries: list) -> None:
        """The roster as this run read it (rewritten only when it changed: a poll stays cheap)."""
        import hashlib
        text = json.dumps([e.as_dict() for e in entries], ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if self.meta.roster_digest == digest:
            return
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM roster")
            for i, e in enumerate(entries):
                self.db.execute("INSERT INTO roster (id, position, data) VALUES (?,?,?)",
                                (e.id, i, json.dumps(e.as_dict(), ensure_ascii=False)))
            self.meta.roster_digest = digest

    def roster_rows(self) -> list[dict]:
        return [json.loads(r["data"]) for r in self.db.execute("SELECT data FROM roster ORDER BY position")]
