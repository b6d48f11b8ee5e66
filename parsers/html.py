"""HTML documents (and tables pasted into a mail body): text and <table> grids."""
from __future__ import annotations

from html.parser import HTMLParser

from intake_bot.names import decode_bytes

from . import Content, Table, register


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list] = []
        self._stack: list[list] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
            self._span = int(dict(attrs).get("colspan") or 1) if str(dict(attrs).get("colspan") or "1").isdigit() else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._stack and self._cell is not None:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._stack[-1][-1].append("".join(self._cell).strip())
            self._stack[-1][-1].extend([None] * (self._span - 1))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of_html(markup: str) -> list[Table]:
    p = _Tables()
    try:
        p.feed(markup)
        p.close()
    except Exception:
        return []
    return [Table(source=f"html table {i}", rows=rows) for i, rows in enumerate(p.tables, 1) if rows]


@register("html")
def parse_html(data: bytes, name: str) -> Content:
    from intake_bot.mime import html_to_text
    markup = decode_bytes(data)
    return Content(text=html_to_text(markup), tables=tables_of_html(markup), pages=1)
