"""Forms read field by field (a campaign names its form's reader): one protocol, a registry by name.

A reader turns a document's tables and text into `FormReading` — the values by field, where each
came from, and the problem codes of the form itself — and tells whether a set of tables looks like
its form at all. Readers live with the campaigns that use them (`intake_bot/campaign/`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class FormReading:
    values: dict                                   # the form's fields (the export's BASIC_INFO)
    found_grid: bool = False
    problems: list = field(default_factory=list)   # problem codes of the form itself, certain: for the sender
    explanations: list = field(default_factory=list)   # (problem code, the place and the numbers in words)
    held: list = field(default_factory=list)       # (code, words): a problem resting on a value this bot
                                                   # computed, or on a doubtful reading: for staff only
    doubts: list = field(default_factory=list)     # why the reading itself is uncertain, in words for staff
    source: str = ""                               # the sheet or table the form was read from

    def staff_note(self) -> str:
        """What staff must check, in words ("" when the reading is certain)."""
        return " / ".join([*self.doubts, *(text for _code, text in self.held)])


@dataclass
class Candidate:
    """One place a form may be: a sheet of a workbook (with nothing else), or a table of a document with
    the document's text and its other tables, where the header block and contact lines may be written
    (the candidate's own table first). Only `focus` is read as the form's grid."""
    name: str
    tables: list
    text: str
    focus: object = None


def candidates(tables: list, text: str) -> list[Candidate]:
    """Every sheet and every table, each on its own; the text alone when there is no table."""
    sheets = [t for t in tables if t.addresses]
    others = [t for t in tables if not t.addresses]
    out = [Candidate(t.source, [t], "", t) for t in sheets]
    out += [Candidate(t.source, [t, *(o for o in others if o is not t)], text, t) for t in others]
    return out or [Candidate("text", [], text)]


class FormReader(Protocol):
    def looks_like(self, tables: list, text: str) -> bool: ...

    def read(self, tables: list, text: str) -> FormReading: ...

    def complete_in(self, tables: list) -> str | None:
        """The name of the sheet or table that alone reads as the whole form, or None."""

    def read_scan(self, page_images: list[bytes]) -> tuple[str, list]:
        """(text, tables) rebuilt from OCR of photographed or scanned pages."""

    def roster_mismatch(self, values: dict, competition: str, host: str) -> str | None:
        """Why the form is not the roster entry's, in words; None when it is."""


READERS: dict[str, FormReader] = {}


def register(name: str):
    def deco(cls):
        READERS[name] = cls()
        return cls
    return deco


def reader(name: str) -> FormReader:
    return READERS[name]
