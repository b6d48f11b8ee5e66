"""Excel .xlsx through openpyxl (not read-only: merged ranges matter)."""
from __future__ import annotations

import io
import zipfile

from .errors import DocumentError

from .base import Content, register, sheet, workbook_content


def cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


@register("xlsx")
def parse_xlsx(data: bytes, name: str) -> Content:
    import openpyxl
    from openpyxl.utils import get_column_letter
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
