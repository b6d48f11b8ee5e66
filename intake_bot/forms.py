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
    problems: list = field(default_factory=list)   # problem codes of the form itself
    explanations: list = field(default_factory=list)   # (problem code, the place and the numbers in words)


class FormReader(Protocol):
    def looks_like(self, tables: list, text: str) -> bool: ...

    def read(self, tables: list, text: str) -> FormReading: ...

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
