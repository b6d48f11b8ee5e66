"""Old Excel .xls (BIFF) through xlrd; merged cells keep text in the top-left cell only."""
from __future__ import annotations

from .base import Content, register, sheet, workbook_content
from .errors import DocumentError
from .xlsx import cell_text


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

        def cells(r, c, s=book_sheet, covered=covered):
            value = s.cell_value(r, c)
            return None if (r, c) in covered or value == "" else cell_text(value)
        tables.append(sheet(book_sheet.name, cells, book_sheet.ncols, book_sheet.nrows, xlrd.colname))
    return workbook_content(tables)
