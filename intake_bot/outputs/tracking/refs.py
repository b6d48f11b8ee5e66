"""The short ids staff read and say on the phone: a mail is 来信#12 (its number in 来信记录), its third
file 来信#12-3. The technical id (file name, IMAP folder/UIDVALIDITY/UID) stays in hidden key columns
and in the export."""
from __future__ import annotations


def mail_ref(row: int) -> str:
    return f"来信#{row}"


def item_ref(key: str, rows: dict[str, int]) -> str:
    """The short id of a manual-check item (its key is source#n, source#link or source#mail)."""
    source, _, part = key.rpartition("#")
    row = rows.get(source)
    if row is None:
        return key
    if part.isdigit():
        return f"{mail_ref(row)}-{part}"
    return mail_ref(row) + ("（下载链接）" if part == "link" else "")
