"""The tracking workbook's refresh policy: marked due when a poll read mail (or staff saved it), written
at the end of `run --once`, by the service at most every workbook_minutes (also in the middle of a long
backlog, in a short-lived child process), never lost and never stale: a failed write stays due and is
repeated at the next poll, an unreadable workbook is kept as a dated copy, and an open one is never
replaced under its editor (editor_lock.py)."""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from .outputs import tracking
from .outputs.apart import write_apart
from .settings.config import CHINA_TZ, Settings
from .editor_lock import OPEN_NOTE, editor_lock, open_note, side_copy
from .store.files import move_aside
from .outputs.staff_input import WORKBOOK_NAME, decide, read_staff_cells, staff_edited
from .store.state import State
from .store.state_meta import LastPoll, Note
from .outputs.tracking import UnreadableWorkbook

log = logging.getLogger(__name__)


def finish_poll(state: State, data_dir: Path, settings: Settings, stats: dict, now: dt.datetime,
                workbook: str = "now") -> None:
    """The heartbeat and the workbook, also after a poll that stopped early (best effort then).
    workbook: "now" rewrites it at the end of the poll (run --once); "every" leaves it to the refresh
    that runs at most every workbook_minutes (the service)."""
    try:
        state.meta.last_poll = LastPoll(at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), **stats)
        if stats["read"]:
            state.meta.workbook_due = True
        due = state.meta.workbook_due or staff_edited(state, data_dir / WORKBOOK_NAME)
    except sqlite3.Error as exc:
        log.error("处理记录无法写入：%s", exc)
        return
    if due and (workbook == "now" or refresh_due(state, settings)):
        write_workbook_safely(state, data_dir, settings, now, apart=workbook == "every")


def refresh_due(state: State, settings: Settings) -> bool:
    """The daemon rewrites the workbook at most every workbook_minutes (a season's workbook takes
    seconds to write; polls every few minutes should not pay for it each time)."""
    last = state.meta.workbook_at
    if last is None:
        return True
    age = dt.datetime.now(dt.timezone.utc) - last
    return age >= dt.timedelta(minutes=settings.workbook_minutes) and (
        state.meta.workbook_due or staff_edited(state, Path(settings.data_dir) / WORKBOOK_NAME))


def write_workbook_safely(state: State, data_dir: Path, settings: Settings, now: dt.datetime,
                          apart: bool = False) -> None:
    """apart: in a short-lived child process (the service, so its memory does not follow the season's
    largest workbook); a single run writes it in process."""
    try:
        if apart:
            write_apart(write_outputs, data_dir, settings, now)
        else:
            write_outputs(state, data_dir, settings, now)
    except (OSError, sqlite3.Error) as exc:         # retried at the next poll (it stays due)
        log.error("材料跟踪表未能写入（下次检查邮箱时重试）：%s", exc)
        try:
            state.meta.workbook_note = Note(dt.datetime.now(CHINA_TZ).replace(microsecond=0),
                                            f"材料跟踪表未能写入：{exc}；下次检查邮箱时重试。")
        except sqlite3.Error:
            pass


def write_outputs(state: State, data_dir: Path, settings: Settings, now: dt.datetime | None = None) -> Path:
    """The tracking workbook, never lost and never stale: marked due before it is written (a failed
    write is repeated at the next poll), the staff columns read back first (an unreadable workbook is
    kept as a dated copy, and said so), and never replaced under an editor that has it open."""
    now = now or dt.datetime.now(CHINA_TZ)
    state.meta.workbook_due = True
    path = data_dir / WORKBOOK_NAME
    try:
        staff = read_staff_cells(state, path, settings)
    except UnreadableWorkbook as exc:
        kept = move_aside(path, f".无法读取-{now:%Y%m%d-%H%M%S}")       # never over an earlier copy
        note = (f"原材料跟踪表无法读取（{exc}），已另存为 {kept.name}；其中工作人员填写的内容"
                f"未能带入新表，请从该文件中手工复制。")
        log.warning("%s", note)
        state.meta.workbook_note = Note(now.replace(microsecond=0), note)
        staff = tracking.StaffCells()
    decisions = decide(state, settings, staff)
    lock = editor_lock(path)
    target = side_copy(path) if lock else path
    tracking.write(target, settings.campaign, state.roster_rows(), state.messages(), staff, decisions, now)
    if lock:
        note = open_note(lock, target)
        log.warning("%s", note)
        state.meta.workbook_note = Note(now.replace(microsecond=0), note)
        return target                              # still due: written in place once the editor closes it
    side_copy(path).unlink(missing_ok=True)
    state.meta.workbook_due = False
    state.meta.workbook_at = dt.datetime.now(dt.timezone.utc)
    state.meta.workbook_written = path.stat().st_mtime_ns
    note = state.meta.workbook_note
    if note is not None and note.text.startswith(OPEN_NOTE):
        state.meta.workbook_note = None
    return path
