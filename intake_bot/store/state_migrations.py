"""Schema migrations of the state database's tables of mail sources, run when a data directory an
earlier version wrote is opened (found by the tables' shape, in one transaction, once).

Earlier versions kept IMAP's numbering in the messages table (folder, uidvalidity, uid) and a cursor
table of IMAP folders (folder, uidvalidity, last_uid). Now a message keeps the locator its source kind
made and each source an opaque cursor; the old IMAP rows become the IMAP kind's locators
("imap:UIDVALIDITY:UID:FOLDER") and cursors (key "imap:FOLDER", value "UIDVALIDITY:LAST_UID"), as
sources/imap.py makes and reads them. The key processed-mail state is stored under (messages.source)
is kept as it was, so no mail is read twice.
"""
from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def to_locators(db: sqlite3.Connection) -> None:
    """IMAP's folder/UIDVALIDITY/UID columns and the IMAP cursor table into locators and opaque cursors."""
    old_messages = "folder" in _columns(db, "messages")
    old_cursors = "folder" in _columns(db, "cursors")
    if not (old_messages or old_cursors):
        return
    _copy_aside(db, "before-locators")
    with db:
        db.execute("BEGIN IMMEDIATE")
        old_messages = "folder" in _columns(db, "messages")     # again under the lock: another process
        old_cursors = "folder" in _columns(db, "cursors")       # (the service, `status`) may have done it
        if not (old_messages or old_cursors):
            return
        if old_messages:
            if "locator" not in _columns(db, "messages"):
                db.execute("ALTER TABLE messages ADD COLUMN locator TEXT")
            db.execute("UPDATE messages SET locator = 'imap:' || uidvalidity || ':' || uid || ':' || folder"
                       " WHERE folder IS NOT NULL AND uidvalidity IS NOT NULL AND uid IS NOT NULL")
            for column in ("folder", "uidvalidity", "uid"):
                db.execute(f"ALTER TABLE messages DROP COLUMN {column}")
        if old_cursors:
            db.execute("INSERT OR REPLACE INTO source_cursors (source, cursor)"
                       " SELECT 'imap:' || folder, uidvalidity || ':' || last_uid FROM cursors")
            db.execute("DROP TABLE cursors")
    log.info("处理记录已升级：邮件位置与邮箱读取进度改为按邮件来源保存")


def _copy_aside(db: sqlite3.Connection, why: str) -> None:
    """The state as the earlier release left it, kept beside it once (state.sqlite3.before-locators): the
    migration is one-way, and going back to that release means putting this copy back."""
    from pathlib import Path
    main_file = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
    if not main_file:
        return
    aside = Path(f"{main_file}.{why}")
    if aside.exists():
        return
    try:
        db.execute("VACUUM INTO ?", (str(aside),))
    except sqlite3.Error as exc:          # a full disk: the migration goes on, the copy is not kept
        log.warning("升级前的处理记录未能另存 %s：%s", aside, exc)
