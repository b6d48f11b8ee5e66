"""Document parsers behind one protocol, chosen by the type sniffed from the bytes.

Every parser turns bytes into `Content`: the text, the tables (grids of cell text with where each
cell came from), and how many pages had no text layer. "No table" is an empty list, not an error.
A parser raises `DocumentError` (unreadable) or `UnsafeDocument` (encrypted, hostile) with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from .errors import DocumentError, NoReader, UnsafeDocument  # noqa: F401  (re-exported)


@dataclass
class Table:
    """A grid of cell texts; None for the covered part of a merged cell. `origin(r, c)` says where."""
    source: str                                   # "Sheet1", "table 2", "page 1 table 1"
    rows: list                                    # list[list[str | None]]
    addresses: list | None = None                 # same shape: "B7" etc., when the format has them

    def origin(self, r: int, c: int) -> str:
        if self.addresses and r < len(self.addresses) and c < len(self.addresses[r]):
            return f"{self.source}!{self.addresses[r][c]}"
        return f"{self.source} r{r + 1}c{c + 1}"


@dataclass
class Content:
    text: str = ""
    tables: list = field(default_factory=list)     # list[Table]
    pages: int = 0
    pages_without_text: int = 0
    images: list = field(default_factory=list)     # page images (PNG/JPEG bytes) that need OCR
    lines: list = field(default_factory=list)      # OCR lines: (text, x0, y0, x1, y1)
    converted_from: str = ""


def sheet(source: str, cells, width: int, height: int, column_name) -> Table:
    """A Table from a cell function `cells(r, c)` (0-based) with spreadsheet addresses (B7)."""
    rows = [[cells(r, c) for c in range(width)] for r in range(height)]
    addresses = [[f"{column_name(c)}{r + 1}" for c in range(width)] for r in range(height)]
    return Table(source=source, rows=rows, addresses=addresses)


def workbook_content(tables: list[Table]) -> Content:
    text = "\n".join("\t".join(c or "" for c in row) for t in tables for row in t.rows)
    return Content(text=text, tables=tables, pages=len(tables))


class Parser(Protocol):
    def __call__(self, data: bytes, name: str) -> Content: ...


REGISTRY: dict[str, Callable[[bytes, str], Content]] = {}


def register(*kinds: str):
    def deco(func):
        for kind in kinds:
            REGISTRY[kind] = func
        return func
    return deco


def parse(data: bytes, kind: str, name: str = "") -> Content:
    """Content of a document of sniffed type `kind`."""
    _load()
    func = REGISTRY.get(kind)
    if func is None:
        raise NoReader(f"no reader for {kind} files")
    return func(data, name)


_loaded = False


def _load() -> None:
    """Import every parser module once (each registers its kinds), whatever was imported before."""
    global _loaded
    if _loaded:
        return
    from . import docx, html, image, legacy, pdf, text, xls, xlsx  # noqa: F401
    _loaded = True
