"""The reader a campaign names (form.reader = "annex1"), and which sheet or table is the Annex 1:
every candidate is read, each is scored against the form's schema, the best is kept, and a tie or a
poor best is said in words for staff.

The schema, as a clerk checks a sheet is the form: a title naming the 基本情况表 (not an application
form or a report), the header labels (竞赛名称, 主办单位, 承办单位, 决赛地点 …), a grid whose columns are
the occupation and the six counts, rows that look like occupations (a name and counts), a 合计
that is the sum of the rows, and the contact line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.ocr_table import GridLabels, form_from_ocr

from . import forms
from .annex1 import (
    HEADER_LABELS,
    Annex1,
    check,
    display,
    explain_all,
    looks_like_annex1,
    mismatched_columns,
    read_annex1,
    roster_mismatch,
    uncomputed_notes,
)
from .annex1_grid import clean
from .annex1_sheet import FINALS_BASIS, LAYOUT, TOTALS, finals, units_named

TITLE = re.compile(r"基本情况表")
OTHER_TITLE = re.compile(r"申报表|申报书|计划申报|实施方案|汇总表|统计表|一览表|成绩")
COMPLETE_COUNTS = 4          # count columns a complete grid names (of six)


@dataclass
class Fit:
    score: float
    complete: bool
    lacks: list = field(default_factory=list)       # what the reading lacks, in words


def _title(candidate: forms.Candidate) -> str:
    """The words above the grid: the first rows of the candidate's own table, the start of the text."""
    head = []
    if candidate.focus is not None:
        for row in candidate.focus.rows[:4]:
            head.extend(clean(c) for c in row if c)
    return "".join(head) + clean(candidate.text)[:120]


def fit(form: Annex1, candidate: forms.Candidate) -> Fit:
    lacks: list[str] = []
    score = 0.0
    grid = form.grid
    header = {k for k in form.labels if k in HEADER_LABELS and k not in ("filler", "filled_at")}
    contact = {k for k in form.labels if k.startswith("contact.")}
    score += 0.5 * len(header) + 0.5 * len(contact)
    if len(header) < 2:
        lacks.append("表头（竞赛名称、主办单位等）")
    title = _title(candidate)
    if TITLE.search(title):
        score += 2
    elif OTHER_TITLE.search(title):
        score -= 3
    if grid is None:
        return Fit(score, False, lacks + ["竞赛职业（工种）与人数表格"])
    cols = grid.columns
    score += 2 + 0.5 * len(cols.counts) + (1 if cols.occupation is not None else 0)
    if len(cols.counts) < COMPLETE_COUNTS or cols.occupation is None:
        lacks.append(f"人数栏（只认出 {len(cols.counts)} 栏）")
    occupations = [r for r in grid.rows if r["occupation"]
                   and any(v is not None for g in ("participants", "certificates") for v in r[g].values())]
    score += min(len(occupations), 3) * 0.7
    if not occupations:
        lacks.append("工种行")
    if grid.totals is not None and any(v is not None for g in grid.totals.values() for v in g.values()):
        score += 0.5 + (2 if not mismatched_columns(form) else 0)
    return Fit(score, not lacks, lacks)


@dataclass
class Pick:
    form: Annex1
    source: str
    doubts: list


def _same(a: Annex1, b: Annex1) -> bool:
    return (a.info["rows"], a.info["totals"], a.info["competition_name"]) == \
        (b.info["rows"], b.info["totals"], b.info["competition_name"])


def pick(tables: list, text: str) -> Pick:
    """The best reading of the form among every candidate; doubts for staff when it is not clear."""
    readings = []
    for candidate in forms.candidates(tables, text):
        grid_tables = [candidate.focus] if candidate.focus is not None else None
        form = read_annex1(candidate.tables, candidate.text, grid_tables)
        readings.append((fit(form, candidate), form, candidate))
    best_fit, best, where = max(readings, key=lambda r: r[0].score)     # the first of equals
    doubts = []
    if not best.found_grid and len(readings) > 1:
        where = forms.Candidate("全部内容", tables, text)          # no grid anywhere: the labels of all
        best = read_annex1(tables, text)
        best_fit = fit(best, where)
    if not best_fit.complete:
        doubts.append(f"基本情况表读取不完整（未找到{'、'.join(best_fit.lacks)}），请打开原件核对")
    rivals = [c.name for f, form, c in readings if c is not where and f.complete
              and best_fit.score - f.score < 1.0 and not _same(form, best)]
    if rivals:
        doubts.append(f"「{where.name}」与「{'」「'.join(rivals)}」都像基本情况表且内容不同，读取了「{where.name}」，请核对")
    return Pick(best, where.name, doubts)


# ---- the reader a campaign names: form.reader = "annex1" -----------------------------------------

OCR_LABELS = GridLabels(
    header=re.compile(r"^(竞赛职业.*|.*工种.*|竞赛标准|竞赛时间|.*组别|初赛|选拔赛|决赛|高级工|技师|高级技师)$"),
    spanning=re.compile(r"参赛人数|证书人数"),
    not_rows=re.compile(r"^(联系人|所在部门|联系电话|电子邮箱)"),
)


def reading(chosen: Pick) -> forms.FormReading:
    """The form's values and problems; a problem goes to the sender only when the values it rests on were
    read as written and the form was found without doubt; otherwise it is held for staff."""
    form = chosen.form
    problems = check(form)
    told, held = [], []
    for code, text, sure in explain_all(form, problems):
        (told if sure and not chosen.doubts else held).append((code, text))
    codes = [p for p in problems if any(code == p for code, _t in told)]
    return forms.FormReading(values=form.info, found_grid=form.found_grid, problems=codes, explanations=told,
                             held=held, doubts=[*chosen.doubts, *uncomputed_notes(form)], source=chosen.source)


@forms.register("annex1")
class Annex1Reader:
    """The Annex 1 form: header block, one row per occupation, 合计, contact lines."""
    layout, totals, finals_basis = LAYOUT, TOTALS, FINALS_BASIS

    def looks_like(self, tables: list, text: str) -> bool:
        return looks_like_annex1(tables, text)

    def read(self, tables: list, text: str) -> forms.FormReading:
        return reading(pick(tables, text))

    def complete_in(self, tables: list) -> str | None:
        """The sheet or table that alone reads as a complete form (the best), or None."""
        readings = [(fit(f, c), c) for c in forms.candidates(tables, "")
                    for f in [read_annex1(c.tables, c.text, [c.focus] if c.focus is not None else None)]]
        complete = [(f.score, c.name) for f, c in readings if f.complete]
        return max(complete)[1] if complete else None

    def read_scan(self, page_images: list[bytes]) -> tuple[str, list]:
        from parsers import ocr
        texts, tables = [], []
        for i, page in enumerate(page_images[:4], 1):
            text, grids = form_from_ocr(ocr.lines(page, max_side=1400), OCR_LABELS, source=f"page {i} (OCR)")
            texts.append(text)
            tables.extend(grids)
        return "\n".join(texts), tables

    def competition_of(self, values: dict) -> str:
        return values.get("competition_name") or ""

    def units_named(self, values: dict) -> list[str]:
        return units_named(values)

    def roster_mismatch(self, values: dict, entry) -> str | None:
        competition, host = entry.competition, entry.host
        if not roster_mismatch(values, competition, host):
            return None
        return (f"基本情况表的竞赛名称「{display(values.get('competition_name'))}」、主办单位「{display(values.get('host'))}」"
                f"与名单中的「{competition}」「{host}」不一致（是否误用了其他年度或其他竞赛的表格？）")

    def finals(self, values: dict, year: int) -> list[forms.Final] | None:
        return finals(values, year)
