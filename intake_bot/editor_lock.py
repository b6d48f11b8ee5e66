"""A workbook open in an editor is never replaced under it: the lock file WPS, Excel or LibreOffice
keeps beside it is looked for, and the new workbook is written beside it as a side copy until the
editor closes it (workbook_refresh.write_outputs)."""
from __future__ import annotations

from pathlib import Path


def editor_lock(path: Path) -> Path | None:
    """The lock file WPS, Excel (~$name) or LibreOffice (.~lock.name#) keeps beside a workbook it has open."""
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            return lock
    return None


def side_copy(path: Path) -> Path:
    """Where the new workbook goes while the old one is open: 材料跟踪表（新）.xlsx."""
    return path.with_name(f"{path.stem}（新）{path.suffix}")


def open_note(lock: Path, target: Path) -> str:
    """What staff are told (status, the log) while the side copy stands in for the workbook."""
    return (f"{OPEN_NOTE}（{lock.name}），新内容先写在 {target.name}；"
            f"关闭表格后，下次检查邮箱时会更新原表。")


OPEN_NOTE = "材料跟踪表正被打开"
