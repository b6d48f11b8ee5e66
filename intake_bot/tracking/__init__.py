"""The tracking workbook: what staff read (workbook.py, laid out from view.py) and what staff write
back (staff.py: their columns, found by role and kept; their decisions, honoured)."""
from __future__ import annotations

from .staff import ROLES, StaffCells, UnreadableWorkbook, read_staff  # noqa: F401
from .view import Overrides, overrides_from  # noqa: F401
from .workbook import bot_headers, write  # noqa: F401
