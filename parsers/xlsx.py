"""Excel .xlsx through openpyxl (not read-only: merged ranges matter)."""
from __future__ import annotations

import io
import re
import zipfile

from . import base
from .base import Content, register, sheet, workbook_content
from .errors import DocumentError, NeedsManualCheck, UnsafeDocument


def cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_size(data: bytes) -> None:
    """Sheets are sized from their inflated length and dimension records before openpyxl loads them."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"damaged Excel file: {exc}") from None
    with zf:
        sheets = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        inflated = sum(i.file_size for i in sheets)
        if inflated > base.LIMITS.max_sheet_bytes:
            raise UnsafeDocument(f"spreadsheet too large: its sheets expand to {inflated // (1024 * 1024)} MB")
        for info in sheets:
            with zf.open(info) as fh:
                head = fh.read(4096)
            m = _DIMENSION.search(head)
            if m and m.group(3):
                cells = (int(m.group(4)) - int(m.group(2)) + 1) * (_column_number(m.group(3)) - _column_number(m.group(1)) + 1)
                if cells > base.LIMITS.max_cells:
                    raise UnsafeDocument(f"spreadsheet too large: {cells} cells in {info.filename.rsplit('/', 1)[-1]}")


@register("xlsx")
def parse_xlsx(data: bytes, name: str) -> Content:
    check_size(data)
    wb = _load(data, values=True)
    missing = uncached_formulas(data, wb)
    computed = recalculated(data) if missing else None
    tables = []
    for ws in wb.worksheets:
        if ws.max_row > 5000 or ws.max_column > 200:
            raise DocumentError(f"sheet {ws.title} is too large ({ws.max_row}×{ws.max_column})")
        formulas = missing.get(ws.title, {})
        other = computed[ws.title] if computed is not None and ws.title in computed.sheetnames else None

        def value(r, c, ws=ws, formulas=formulas, other=other):
            if (r, c) in formulas:
                return cell_text(other.cell(r + 1, c + 1).value) if other is not None else None
            return cell_text(ws.cell(r + 1, c + 1).value)
        table = sheet(ws.title, value, ws.max_column, ws.max_row, _column_letter)
        table.formulas = dict(formulas)
        tables.append(table)
    return workbook_content(tables)


def _column_letter(c: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(c + 1)


def _load(data: bytes, values: bool):
    import openpyxl
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=values)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise DocumentError(f"damaged Excel file: {exc}") from None


def uncached_formulas(data: bytes, values_wb) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → {(r, c): formula} for the formulas whose file holds no computed value (files written by a
    program, or saved by a tool that does not calculate: openpyxl then reads None, as if the cell were blank)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if not any(b"<f" in zf.read(i) for i in zf.infolist()
                   if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
            return {}
    formulas_wb = _load(data, values=False)
    out: dict[str, dict[tuple[int, int], str]] = {}
    for ws in formulas_wb.worksheets:
        if ws.title not in values_wb.sheetnames:
            continue
        stored = values_wb[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                written = cell.value
                text = written if isinstance(written, str) else getattr(written, "text", None)
                if isinstance(text, str) and text.startswith("=") and \
                        stored.cell(cell.row, cell.column).value in (None, ""):
                    out.setdefault(ws.title, {})[(cell.row - 1, cell.column - 1)] = text
    return out


def recalculated(data: bytes):
    """The workbook as LibreOffice computes it on load (its copy holds every formula's value); None when
    it cannot (not installed, timed out): the cells then stay without a value and say so."""
    from .legacy import convert
    try:
        return _load(convert(data, "xlsx", "xlsx"), values=True)
    except (DocumentError, NeedsManualCheck):
        return None
