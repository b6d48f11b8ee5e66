"""Old Excel .xls (BIFF) through xlrd; merged cells keep text in the top-left cell only."""
from __future__ import annotations

from intake_bot.errors import DocumentError

from . import Content, Table, register
from .xlsx import cell_text


@register("xls")
def parse_xls(data: bytes, name: str) -> Content:
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd raises many kinds for damaged files
        raise DocumentError(f"damaged .xls file: {exc}") from None
    tables, texts = [], []
    for sheet in book.sheets():
        covered = set()
        for rlo, rhi, clo, chi in sheet.merged_cells:
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    if (r, c) != (rlo, clo):
                        covered.add((r, c))
        rows, addrs = [], []
        for r in range(sheet.nrows):
            row, arow = [], []
            for c in range(sheet.ncols):
                value = sheet.cell_value(r, c)
                row.append(None if (r, c) in covered or value == "" else cell_text(value))
                arow.append(f"{xlrd.colname(c)}{r + 1}")
            rows.append(row)
            addrs.append(arow)
        tables.append(Table(source=sheet.name, rows=rows, addresses=addrs))
        texts.extend("\t".join(c or "" for c in row) for row in rows)
    return Content(text="\n".join(texts), tables=tables, pages=len(tables))
