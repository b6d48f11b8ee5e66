"""Which material a document is: content first (title, words, the form's grid), then the file name.

The rules are the campaign's data (`[[rules]]` and `[[file_names]]` in its TOML), tried in order;
the first that holds decides. Each decision records a class, a confidence and a short reason; low
confidence goes to the staff's manual-check list.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from parsers.base import Table

from ..campaign import forms
from ..mail.body import declares_no_other
from ..campaign import OTHER, Campaign, Rule
from ..mail.model import Document
from ..store.records import DocClass

MANUAL_BELOW = 0.6
SHORT_STATEMENT = 240                  # characters: a note that says "none", not a report


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=256)
def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def holds(rule: Rule, doc: Document, text: str, reader: forms.FormReader | None) -> bool:
    """Every condition the rule gives holds for this document's (cleaned) text."""
    title = text[:rule.within]
    if rule.title and not _re(rule.title).search(title):
        return False
    if rule.not_title and _re(rule.not_title).search(title):
        return False
    if len(text) <= rule.min_chars and rule.min_chars:
        return False
    if rule.text and not _re(rule.text).search(text):
        return False
    if any(word not in text for word in rule.all_words):
        return False
    if rule.any_words and sum(word in text for word in rule.any_words) < rule.min_words:
        return False
    if rule.form and not (reader and reader.looks_like(doc.tables, doc.text)):
        return False
    if rule.columns and not has_columns(doc.tables or _tab_lines(doc.text), rule.columns):
        return False
    return True


def _tab_lines(text: str) -> list[Table]:
    """OCR'd or plain text whose lines are tab-separated cells, as one table."""
    rows = [line.split("\t") for line in (text or "").splitlines() if "\t" in line]
    return [Table(source="text", rows=rows)] if len(rows) >= 3 else []


_NUMBER = re.compile(r"[\d０-９]+(\.\d+)?")


def has_columns(tables, patterns: tuple[str, ...], min_rows: int = 2) -> bool:
    """A table whose header row (among its first rows) names each pattern in its own cell, with
    numbers under the last one (scores, ranks) in at least `min_rows` rows: what the table is, not
    what its title calls it."""
    regexes = [_re(p) for p in patterns]
    for table in tables:
        rows = table.rows
        for r, row in enumerate(rows[:8]):
            cells = [_clean(c or "") for c in row]
            found: list[int] = []
            for rx in regexes:
                c = next((i for i, t in enumerate(cells) if t and i not in found and rx.search(t) and len(t) <= 20), None)
                if c is None:
                    break
                found.append(c)
            else:
                last = found[-1]
                numbers = sum(1 for below in rows[r + 1:] if last < len(below)
                              and _NUMBER.fullmatch(_clean(below[last] or "")))
                if numbers >= min_rows:
                    return True
    return False


def decision(campaign: Campaign, cls: str) -> tuple[DocClass, str | None]:
    """A rule's class name as (class, material key)."""
    if cls == OTHER:
        return DocClass.OTHER, None
    if cls == campaign.misrouted_key:
        return DocClass.MISROUTED, None
    return DocClass.MATERIAL, cls


def classify_content(doc: Document, campaign: Campaign) -> tuple[str, float, str] | None:
    text = _clean(doc.text)
    if not text:
        return None
    statement = campaign.statement
    if statement and len(text) <= SHORT_STATEMENT and declares_no_other(doc.text, statement,
                                                                         campaign.ordinal(statement.key)):
        return statement.key, 0.85, f"一段简短说明：{text[:40]}"
    reader = forms.reader(campaign.form.reader) if campaign.form else None
    decided = OTHER, 0.7, "可读的文件，但不是所需材料"
    for rule in campaign.rules:
        if holds(rule, doc, text, reader):
            confidence = rule.scanned_confidence if doc.scanned and rule.scanned_confidence else rule.confidence
            decided = rule.cls, confidence, rule.reason
            break
    if campaign.form and decided[0] != campaign.form.material and (sheet := form_sheet(doc, reader)):
        return campaign.form.material, 0.9, f"{campaign.form.name}（工作表「{sheet}」；同一文件中另有其他工作表）"
    return decided


def form_sheet(doc: Document, reader: forms.FormReader | None) -> str | None:
    """A workbook of several sheets, one of which alone reads as the campaign's whole form (next to it:
    next year's application, a report): the file is that form, whichever sheet comes first."""
    sheets = [t for t in doc.tables if t.addresses]
    if reader is None or len(sheets) < 2:
        return None
    return reader.complete_in(sheets)


def classify_name(doc: Document, campaign: Campaign) -> tuple[str, float, str] | None:
    name = _clean(doc.name)
    for rule in campaign.file_names:
        if _re(rule.pattern).search(name):
            return rule.cls, 0.5, f"仅凭文件名判断（{rule.pattern}）"
    return None


def classify(doc: Document, campaign: Campaign) -> None:
    if doc.cls is not None:             # already decided while reading (unsafe, unreadable type)
        return
    decided = classify_content(doc, campaign)
    if decided is None:
        decided = classify_name(doc, campaign) or (OTHER, 0.3, "没有可读的文字，文件名也看不出是哪项材料")
        doc.needs_manual_check = True
    cls, doc.confidence, reason = decided
    doc.cls, doc.material = decision(campaign, cls)
    doc.reason = f"{reason}; {doc.reason}" if doc.reason else reason
    if doc.confidence < MANUAL_BELOW:
        doc.needs_manual_check = True
