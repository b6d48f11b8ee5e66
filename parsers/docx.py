"""Word .docx: paragraphs and tables; merged cells appear once (top-left), like openpyxl."""
from __future__ import annotations

import io
import zipfile

from .base import Content, Table, register
from .errors import DocumentError


def _table_grid(table) -> list:
    rows = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            span = tc.grid_span or 1
            vmerge = tc.vMerge
            text = "\n".join(p.text for p in _cell_paragraphs(tc))
            row.append(None if vmerge == "continue" else text)
            row.extend([None] * (span - 1))
        rows.append(row)
    return rows


def _cell_paragraphs(tc):
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    return [Paragraph(p, None) for p in tc.iter(qn("w:p"))]


@register("docx")
def parse_docx(data: bytes, name: str) -> Content:
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"damaged Word file: {exc}") from None
    parts = []
    tables = []
    body = document.element.body
    for child in body.iterchildren():
        if not isinstance(child.tag, str):
            continue                     # an XML comment or processing instruction, not content
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if isinstance(t.tag, str) and t.tag.endswith("}t")))
        elif tag == "tbl":
            from docx.table import Table as DocxTable
            grid = _table_grid(DocxTable(child, document))
            tables.append(Table(source=f"table {len(tables) + 1}", rows=grid))
            for row in grid:
                parts.append("\t".join(c or "" for c in row))
    return Content(text="\n".join(parts), tables=tables, pages=1)
