"""Excel .xlsx through openpyxl (not read-only: merged ranges matter)."""
from __future__ import annotations

import io
import re
import zipfile

from . import base
from .base import Content, register, sheet, workbook_content
from .errors import DocumentError, UnsafeDocument


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
    import openpyxl
    from openpyxl.utils import get_column_letter
    check_size(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise DocumentError(f"damaged Excel file: {exc}") from None
    tables = []
    for ws in wb.worksheets:
        if ws.max_row > 5000 or ws.max_column > 200:
            raise DocumentError(f"sheet {ws.title} is too large ({ws.max_row}×{ws.max_column})")
        tables.append(sheet(ws.title, lambda r, c, ws=ws: cell_text(ws.cell(r + 1, c + 1).value), ws.max_column,
                            ws.max_row, lambda c: get_column_letter(c + 1)))
    return workbook_content(tables)
