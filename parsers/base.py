"""What every parser shares: the `Content` it returns, the `Table` grids in it, and the registry
parsers add themselves to by the kinds they read."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Protocol


@dataclass
class Table:
    """A grid of cell texts; None for the covered part of a merged cell. `origin(r, c)` says where."""
    source: str                                   # "Sheet1", "table 2", "page 1 table 1"
    rows: list                                    # list[list[str | None]]
    addresses: list | None = None                 # same shape: "B7" etc., when the format has them
    formulas: dict = field(default_factory=dict)  # (r, c) → formula, for cells whose file stored no value:
                                                  # the text in rows is the value computed here, or None

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


@dataclass(frozen=True)
class ParseLimits:
    """How much a single document may make a parser do; checked before the work is done."""
    max_pixels: int = 40_000_000         # an image's width × height, from its header
    max_cells: int = 2_000_000           # a spreadsheet's cells, from its dimension records
    max_sheet_bytes: int = 60 * 1024 * 1024   # a spreadsheet's sheet XML, inflated
    page_seconds: float = 20.0           # one PDF page (pdfminer can loop forever on a crafted page)
    ocr_threads: int = 0                 # threads of the OCR engine; 0: its own default (every core)


LIMITS = ParseLimits()


def trim_heap() -> None:
    """Give freed memory back to the system (OCR and large parses leave hundreds of MB of free heap)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def configure(limits: ParseLimits) -> None:
    """Set by the process that reads documents (a worker), once, from the settings."""
    global LIMITS
    LIMITS = limits


class _TimeUp(BaseException):          # not Exception: a parser that catches everything must not swallow it
    pass


@contextmanager
def time_limit(seconds: float, what: str):
    """Raise DocumentError when the block runs longer than `seconds` (main thread only; elsewhere no limit:
    the worker's wall clock still applies)."""
    from .errors import DocumentError
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def _alarm(_signum, _frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise DocumentError(f"{what} took more than {seconds:.0f} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
