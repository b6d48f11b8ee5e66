"""What staff wrote in the workbook, read back when they saved it: their cells and their decisions
(decisions.py), kept in the state so that every output between two readings reads the same ones and a
season's workbook is not read again while no one has saved it."""
from __future__ import annotations

from pathlib import Path

from . import tracking
from ..settings.config import Settings
from ..standing.decisions import Decisions, read as read_decisions
from ..store.state import State
from .tracking import UnreadableWorkbook

WORKBOOK_NAME = "材料跟踪表.xlsx"


def decisions_now(state: State, settings: Settings, store: bool = True) -> Decisions:
    """What staff decided, as the workbook says now: read back when someone saved it since it was last
    read, else as stored. Every output reads these (store=False: a read-only command keeps them to itself)."""
    path = Path(settings.data_dir) / WORKBOOK_NAME
    stored = state.meta.staff_decisions
    if stored is None:
        stored = state.meta.staff_overrides               # data directories of an earlier version
    if stored is not None and _mtime(path) in (state.meta.workbook_written, state.meta.staff_read):
        return Decisions.from_meta(stored)
    try:
        staff = read_staff_cells(state, path, settings, store)
    except UnreadableWorkbook:
        return Decisions.from_meta(stored)                # write_outputs keeps the file aside and says so
    return decide(state, settings, staff, store)


def decide(state: State, settings: Settings, staff, store: bool = True) -> Decisions:
    decisions = read_decisions(staff.cells, settings.campaign, {e["id"] for e in state.roster_rows()})
    if store:
        state.meta.staff_decisions = decisions.to_meta()
    return decisions


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def read_staff_cells(state: State, path: Path, settings: Settings, store: bool = True):
    """Staff cells read back from the workbook, or the copy kept when the workbook was last written or
    read (reading a season's workbook back takes seconds)."""
    cached = state.meta.staff_cells
    mtime = _mtime(path)
    if cached is not None and mtime is not None and mtime in (state.meta.workbook_written, state.meta.staff_read):
        return tracking.StaffCells(**cached)
    staff = tracking.read_staff(path, tracking.bot_headers(settings.campaign))
    if store:
        state.meta.staff_cells = {"cells": staff.cells, "added": staff.added, "titles": staff.titles}
        state.meta.staff_read = mtime
    return staff


def staff_edited(state: State, path: Path) -> bool:
    """The workbook is missing, or someone saved it since the bot wrote it: read their columns back now."""
    try:
        return path.stat().st_mtime_ns != state.meta.workbook_written
    except FileNotFoundError:
        return True
