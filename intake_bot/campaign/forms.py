"""Forms read field by field (a campaign names its form's reader): one protocol, a registry by name.

A reader turns a document's tables and text into `FormReading` — the values by field, where each
came from, and the problem codes of the form itself — and tells whether a set of tables looks like
its form at all. It also owns everything else that knows the form's fields: what the workbook's sheet
of the form shows (`Layout`), how the region's totals are summed (`Totals`), what names the
competition and the units for roster matching, how a reading compares with a roster entry, and the
occupations whose final it shows (planning). Generic code asks the reader and never names a field.
Readers live with the campaigns that use them (`intake_bot/campaign/`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol


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


@dataclass(frozen=True)
class Column:
    """One column of the form's sheet: its header, its width, and how a cell is got from a reading's
    values and one of its detail rows."""
    header: str
    width: float
    value: Callable[[dict, dict], object]
    wrap: bool = True                           # False: a short number, kept on one line


@dataclass(frozen=True)
class Layout:
    """The workbook's sheet of the form: one row per detail row of each entry's current form (after the
    entry's 编号)."""
    title: str                                  # the sheet's title
    about: str                                  # what one row is, for the guide (各竞赛最新一份…的各工种)
    columns: tuple[Column, ...]
    rows: Callable[[dict], list]                # a reading's values → its detail rows (no totals row)


@dataclass(frozen=True)
class Totals:
    """How the region's totals sum the current forms."""
    rows_label: str                             # what one detail row counts as (工种数)
    columns: tuple[str, ...]                    # the count columns' headers
    count: Callable[[dict], list]               # a reading's values → one sum per count column
    doubtful_codes: tuple[str, ...] = ()        # problems of a count that is not a number (not summed)
    doubtful: Callable[[list], set] = lambda lines: set()   # problem lines → the count columns they name


@dataclass(frozen=True)
class Final:
    """An occupation a form lists, and whether its final took place in the campaign's year."""
    name: str
    held: bool
    said: str                                   # what the form says, in words


class FormReader(Protocol):
    layout: Layout
    totals: Totals
    finals_basis: str                           # what the planning hints rest on, in words ("" : none)

    def looks_like(self, tables: list, text: str) -> bool: ...

    def read(self, tables: list, text: str) -> FormReading: ...

    def complete_in(self, tables: list) -> str | None:
        """The name of the sheet or table that alone reads as the whole form, or None."""

    def read_scan(self, page_images: list[bytes]) -> tuple[str, list]:
        """(text, tables) rebuilt from OCR of photographed or scanned pages."""

    def competition_of(self, values: dict) -> str:
        """The name the form gives its competition (what roster matching compares), "" when none."""

    def units_named(self, values: dict) -> list[str]:
        """The units the form names (host, organizers): whose competition it is."""

    def roster_mismatch(self, values: dict, entry) -> str | None:
        """Why the form is not the roster entry's (a roster.RosterEntry), in words; None when it is."""

    def finals(self, values: dict, year: int) -> list[Final] | None:
        """Each occupation the form lists and whether its final took place in `year`; None when the form
        says nothing of finals."""


READERS: dict[str, FormReader] = {}


def register(name: str):
    def deco(cls):
        READERS[name] = cls()
        return cls
    return deco


def reader(name: str) -> FormReader:
    return READERS[name]
