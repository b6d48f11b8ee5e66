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


def _span(attrs: list, name: str, cap: int) -> int:
    value = str(dict(attrs).get(name) or "1").strip()
    return max(1, min(int(value), cap)) if value.isdigit() else 1


class _Tables(HTMLParser):
    """Each <table> as its rows of (text, rowspan, colspan); nested tables are tables of their own."""
    MAX_SPAN = 200                      # a hostile colspan="100000" costs nothing

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list] = []
        self._stack: list[list] = []
        self._cells: list[list[str] | None] = []     # the open cell of each open table
        self._spans: list[tuple[int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append([])
            self._cells.append(None)
            self._spans.append((1, 1))
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._close_cell()
            self._cells[-1] = []
            self._spans[-1] = (_span(attrs, "rowspan", self.MAX_SPAN), _span(attrs, "colspan", self.MAX_SPAN))
        elif tag == "br" and self._stack and self._cells[-1] is not None:
            self._cells[-1].append("\n")

    def _close_cell(self):
        if self._stack and self._cells[-1] is not None:
            if not self._stack[-1]:
                self._stack[-1].append([])
            rowspan, colspan = self._spans[-1]
            self._stack[-1][-1].append(("".join(self._cells[-1]).strip(), rowspan, colspan))
            self._cells[-1] = None

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_cell()
        elif tag == "table" and self._stack:
            self._close_cell()
            self._cells.pop()
            self._spans.pop()
            self.tables.append(grid(self._stack.pop()))

    def handle_data(self, data):
        if self._stack and self._cells[-1] is not None:
            self._cells[-1].append(data)


MAX_CELLS = 200_000


def grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str | None]]:
    """Rows of spanning cells as a true grid: a cell's text at its top-left position, None over the
    rest of its span, so column k is the same column in every row (as in a spreadsheet)."""
    taken: dict[tuple[int, int], bool] = {}
    out: list[list[str | None]] = []
    for r, cells in enumerate(rows):
        line: list[str | None] = []
        c = 0
        for text, rowspan, colspan in cells:
            while taken.get((r, c)):
                c += 1
            if len(taken) + rowspan * colspan > MAX_CELLS:
                break                   # spans that would build a huge grid: the rest of the row is dropped
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = True
            while len(line) < c:
                line.append(None)
            line.append(text)
            line.extend([None] * (colspan - 1))
            c += colspan
        out.append(line)
    for r, line in enumerate(out):     # cells covered from above at a row's end
        while taken.get((r, len(line))):
            line.append(None)
    width = max((len(line) for line in out), default=0)
    return [line + [None] * (width - len(line)) for line in out]


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
