"""HTML documents (and tables pasted into a mail body): text and <table> grids."""
from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from .base import Content, Table, register
from .textcodec import decode_bytes


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        if tag in ("br", "p", "div", "tr", "li", "table", "h1", "h2", "h3", "blockquote"):
            self.out.append("\n")
        if tag in ("td", "th"):
            self.out.append("\t")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    p = _TextOfHtml()
    try:
        p.feed(markup)
        p.close()
    except Exception:
        return re.sub(r"<[^>]+>", " ", html_lib.unescape(markup))
    return re.sub(r"[ \t\u00a0]+\n", "\n", "".join(p.out))


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
    markup = decode_bytes(data)
    return Content(text=html_to_text(markup), tables=tables_of_html(markup), pages=1)
