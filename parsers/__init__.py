"""Document parsers behind one protocol, chosen by the type sniffed from the bytes.

Every parser turns bytes into `Content`: the text, the tables (grids of cell text with where each
cell came from), and how many pages had no text layer. "No table" is an empty list, not an error.
A parser raises `DocumentError` (unreadable) or `UnsafeDocument` (encrypted, hostile) with the reason.
"""
from __future__ import annotations

from .base import REGISTRY, Content, Parser, Table, register, sheet, workbook_content  # noqa: F401  (re-exported)
from .errors import DocumentError, NoReader, UnsafeDocument  # noqa: F401  (re-exported)


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
