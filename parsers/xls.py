"""Old Excel .xls (BIFF) through xlrd; merged cells keep text in the top-left cell only."""
from __future__ import annotations

from .base import Content, register, sheet, workbook_content
from .errors import DocumentError
from .xlsx import cell_text


def typed_cell(cell, datemode: int) -> str | None:
    """A BIFF cell as it shows in Excel: dates as dates, errors as their #N/A text, booleans as words."""
    import xlrd
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or cell.value == "":
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(cell.value)
        return value.strftime("%Y-%m-%d") if value.time() == value.time().min else value.strftime("%Y-%m-%d %H:%M")
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return cell_text(cell.value)


@register("xls")
def parse_xls(data: bytes, name: str) -> Content:
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd raises many kinds for damaged files
        raise DocumentError(f"damaged .xls file: {exc}") from None
    tables = []
    for book_sheet in book.sheets():
        covered = {(r, c) for rlo, rhi, clo, chi in book_sheet.merged_cells
                   for r in range(rlo, rhi) for c in range(clo, chi) if (r, c) != (rlo, clo)}

        def cells(r, c, s=book_sheet, covered=covered, datemode=book.datemode):
            if (r, c) in covered:
                return None
            return typed_cell(s.cell(r, c), datemode)
        tables.append(sheet(book_sheet.name, cells, book_sheet.ncols, book_sheet.nrows, xlrd.colname))
    return workbook_content(tables)
