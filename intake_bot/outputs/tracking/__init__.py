"""The tracking workbook: what staff read (workbook.py, laid out from view.py) and what staff write
back (staff.py: their columns, found by role and kept; read as decisions by intake_bot.standing.decisions)."""
from __future__ import annotations

from .staff import ROLES, StaffCells, UnreadableWorkbook, read_staff  # noqa: F401
from .workbook import bot_headers, write  # noqa: F401
