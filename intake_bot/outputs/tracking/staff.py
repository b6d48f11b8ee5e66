"""What staff write into the workbook, read back every cycle and kept across every rewrite.

Sheets are found by their role (a defined name the bot writes, which follows a renamed sheet), then by
their usual title, then by their header. On each role's sheet, rows are matched by their key column;
the columns staff own — the named staff columns and any column staff added — are carried over.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...standing.decisions import ASSIGN_COLUMN, DONE_COLUMN, RECEIVED_COLUMN

ROLE_PREFIX = "intake_role_"


@dataclass(frozen=True)
class Role:
    name: str                       # the role (defined name suffix)
    title: str                      # the sheet's usual title
    key: str                        # the header of the column that identifies a row
    staff: tuple[str, ...]          # the columns staff own


ROLES = {
    "overview": Role("overview", "总览", "", ()),
    "tracking": Role("tracking", "材料跟踪", "编号", (RECEIVED_COLUMN, "纸质材料", "工作人员备注")),
    "mail": Role("mail", "来信记录", "来源", (ASSIGN_COLUMN, "工作人员备注")),
    "files": Role("files", "附件明细", "附件编号", ("工作人员备注",)),
    "form": Role("form", "表格", "", ()),           # titled by the form's reader (forms.Layout.title)
    "region": Role("region", "全区汇总", "", ()),
    "manual": Role("manual", "待人工核对", "核对编号", (DONE_COLUMN, "工作人员备注")),
}


class UnreadableWorkbook(Exception):
    """The previous workbook exists but cannot be read back (damaged, or saved in another format)."""


@dataclass
class StaffCells:
    """Per role: the staff-owned cells by row key, and the order of the columns staff added."""
    cells: dict = field(default_factory=dict)        # role → {key: {header: value}}
    added: dict = field(default_factory=dict)        # role → [headers staff added, in order]
    titles: dict = field(default_factory=dict)       # role → the title staff gave the sheet

    def row(self, role: str, key: str) -> dict:
        return self.cells.get(role, {}).get(str(key), {})

    def value(self, role: str, key: str, header: str):
        return self.row(role, key).get(header)


def _sheet_for(wb, role: Role, bot_headers: dict):
    for name in wb.defined_names:
        if name == ROLE_PREFIX + role.name:
            for title, _ref in wb.defined_names[name].destinations:
                if title in wb.sheetnames:
                    return wb[title]
    if role.title in wb.sheetnames:
        return wb[role.title]
    for ws in wb.worksheets:                          # renamed, and the name lost: by its header
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
        if role.key and role.key in header and set(bot_headers.get(role.name, ())) <= set(header) | set(role.staff):
            return ws
    return None


def read_staff(path: Path, bot_headers: dict[str, list[str]]) -> StaffCells:
    """The staff cells of the workbook at `path` (empty when there is none)."""
    out = StaffCells()
    if not path.exists():
        return out
    import openpyxl
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:
        raise UnreadableWorkbook(f"{type(exc).__name__}: {exc}") from None
    for role in ROLES.values():
        if not role.key:
            continue
        ws = _sheet_for(wb, role, bot_headers)
        if ws is None:
            continue
        out.titles[role.name] = ws.title
        rows = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        if role.key not in header:
            continue
        ours = set(bot_headers.get(role.name, ()))
        keep = [h for h in header if h and (h in role.staff or h not in ours)]
        out.added[role.name] = [h for h in keep if h not in role.staff]
        cells = {}
        for row in rows:
            data = dict(zip(header, row))
            key = data.get(role.key)
            if key in (None, ""):
                continue
            kept = {h: data.get(h) for h in keep if data.get(h) not in (None, "")}
            if kept:
                cells[str(key)] = kept
        out.cells[role.name] = cells
    wb.close()
    return out
