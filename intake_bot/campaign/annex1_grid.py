"""The grid of the Annex 1 form: its header band (one to four rows, cells wrapped over lines or split
over rows), one row per occupation, the 合计 row.

A column is known by what its header says once the band is read top to bottom, as a clerk reads a
header whose words wrap: "参赛人数 / 初赛", "参赛\\n人数\\n（复赛）", "获高级工\\n证书人数", "高级技师（一级）"
and "一级（高级技师）" all name their column. Counts are read by the one number reader; a cell
whose file stored a formula without its value is marked computed (or unreadable, with its formula).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers import Table

from .numbers import Written, read_count

PARTICIPANTS = (("preliminary", "初赛"), ("selection", "选拔赛"), ("final", "决赛"))
CERTIFICATES = (("senior_worker", "高级工"), ("technician", "技师"), ("senior_technician", "高级技师"))
GROUPS = (("participants", PARTICIPANTS), ("certificates", CERTIFICATES))
# what a count column's header says, once the group's words are taken away (order matters: the
# longer name first); levels of the national qualification stand for the certificate they name
COUNT_WORDS = (
    (("participants", "selection"), ("半决赛", "选拔赛", "复赛", "选拔", "预选赛")),
    (("participants", "preliminary"), ("初赛", "预赛", "海选")),
    (("participants", "final"), ("决赛", "总决赛")),
    (("certificates", "senior_technician"), ("高级技师", "一级")),
    (("certificates", "technician"), ("技师", "二级")),
    (("certificates", "senior_worker"), ("高级工", "三级")),
)
_GROUP_WORDS = re.compile(r"参赛人数|参赛选手人数|参赛选手|参赛|获技能等级证书人数|获职业技能等级证书|技能等级证书|"
                          r"获证|获得?|证书人数|证书|人数|\(人\)|人$|等级")
TEXT_COLUMNS = ("occupation", "standard", "time", "groups")
EMPTY_TEXTS = {"", "/", "-", "—", "——", "无", "\\", "－", "／"}


def clean(text) -> str:
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def display(text) -> str:
    """Cell text as the value: lines joined without separators, blanks around trimmed."""
    if text is None:
        return ""
    lines = [ln.strip() for ln in str(text).replace("\r", "").split("\n")]
    return "".join(lines).strip().strip("\u3000").strip()


@dataclass
class Columns:
    occupation: int | None = None
    standard: int | None = None
    time: int | None = None
    groups: int | None = None
    counts: dict = field(default_factory=dict)     # ("participants", "final") → column


@dataclass
class Grid:
    """What the grid of one table gave: rows, the 合计 as written, where each value came from."""
    rows: list = field(default_factory=list)
    totals: dict | None = None
    columns: Columns | None = None
    table: str = ""
    sources: dict = field(default_factory=dict)      # field path → cell address
    non_numeric: list = field(default_factory=list)  # (path, group, key, text as written)
    computed: set = field(default_factory=set)       # paths whose value this bot computed from a formula
    uncomputed: list = field(default_factory=list)   # (path, group, key, formula): no value could be had
    numerals: int = 0                                # counts written in Chinese numerals


def text_column(t: str) -> str | None:
    if "工种" in t or "竞赛职业" in t or t in ("职业", "竞赛项目", "项目", "赛项", "职业名称", "职业(工种)"):
        return "occupation"
    if "标准" in t:
        return "standard"
    if "时间" in t or "日期" in t:
        return "time"
    if "组别" in t or t.startswith("竞赛所") or t in ("分组", "组"):
        return "groups"
    return None


LEVELS = ("五级", "四级", "三级", "二级", "一级")


def count_column(t: str) -> tuple[str, str] | None:
    """The count a header names, e.g. "参赛人数(复赛)" → ("participants", "selection"): once the group's
    words are gone, the name of a round or a certificate, with at most a level beside it."""
    bare = _GROUP_WORDS.sub("", re.sub(r"[()（）\[\]【】/、:：]", "", t))
    if not bare or len(bare) > 8:
        return None
    for key, words in COUNT_WORDS:
        for word in words:
            if word in bare and bare.replace(word, "", 1) in ("", *LEVELS, *words):
                return key
    return None


def is_header_row(row) -> bool:
    cells = [clean(c) for c in row if c]
    return any("工种" in t or t.startswith("竞赛职业") for t in cells) and \
        any("标准" in t or "参赛" in t or "时间" in t or count_column(t) for t in cells)


def is_total(row) -> bool:
    cells = [clean(c) for c in row if clean(c)]
    return bool(cells) and cells[0].rstrip(":：") in ("合计", "总计", "合计数", "总数", "小计合计")


def _numeric_cells(row) -> int:
    return sum(1 for c in row if read_count(c).written in (Written.DIGITS, Written.NUMERALS) and clean(c))


def header_band(rows: list, r: int) -> list[int]:
    """The header's rows: from r while no row holds counts (a header wrapped over rows), at most four."""
    band = [r]
    for rr in range(r + 1, min(r + 4, len(rows))):
        if _numeric_cells(rows[rr]) or is_total(rows[rr]) or not any(clean(c) for c in rows[rr]):
            break
        cells = [clean(c) for c in rows[rr] if clean(c)]
        heads = sum(1 for t in cells if text_column(t) or count_column(t) or _partial(t))
        if heads * 2 < len(cells) + 1:                 # most of its cells name columns, as a header's do
            break
        band.append(rr)
    return band


def _partial(t: str) -> bool:
    """A piece of a header split over two rows: （工种）, 人数, （三级）."""
    return bool(t) and len(t) <= 8 and bool(re.search(r"工种|人数|级|技师|赛|证书|小计|合计|备注|序号|\(|（", t))


def find_columns(table: Table, r: int) -> tuple[Columns, int]:
    """Columns from the header band starting at row r; returns the first data row index."""
    rows = table.rows
    band = header_band(rows, r)
    width = max(len(rows[rr]) for rr in band)
    cols = Columns()
    for c in range(width):
        stacked = "".join(clean(rows[rr][c]) for rr in band if c < len(rows[rr]))
        pieces = [clean(rows[rr][c]) for rr in band if c < len(rows[rr]) and clean(rows[rr][c])]
        kind = text_column(stacked)
        if kind and getattr(cols, kind) is None and not count_column(pieces[-1] if pieces else ""):
            setattr(cols, kind, c)
            continue
        key = count_column(stacked) if stacked else None
        key = key or (count_column(pieces[-1]) if pieces else None)
        if key and key not in cols.counts:
            cols.counts[key] = c
    return cols, band[-1] + 1


def cell(table: Table, r: int, c: int | None):
    if c is None or c >= len(table.rows[r]):
        return None
    return table.rows[r][c]


def empty_counts() -> dict:
    return {g: {k: None for k, _ in pairs} for g, pairs in GROUPS}


def read_counts(table: Table, r: int, cols: Columns, grid: Grid, path: str) -> dict:
    out = empty_counts()
    for group, pairs in GROUPS:
        for key, _label in pairs:
            c = cols.counts.get((group, key))
            if c is None:
                continue
            grid.sources[f"{path}.{group}.{key}"] = table.origin(r, c)
            formula = table.formulas.get((r, c))
            raw = cell(table, r, c)
            if formula is not None and raw is None:
                grid.uncomputed.append((path, group, key, formula))
                continue
            count = read_count(raw)
            if formula is not None and count.non_numeric:     # the formula's result is an error (#VALUE!)
                grid.uncomputed.append((path, group, key, f"{formula} → {display(raw)}"))
                continue
            out[group][key] = count.value
            if formula is not None:
                grid.computed.add(f"{path}.{group}.{key}")
            if count.written is Written.NUMERALS:
                grid.numerals += 1
            if count.non_numeric:
                grid.non_numeric.append((path, group, key, display(raw)))
    return out


def _merged_text(table: Table, r: int, c: int | None, top: int) -> str:
    """A text cell; one covered by a cell merged from above (None, not "") reads as that cell, as a
    person reads two rows of one occupation under one merged 工种 cell."""
    value = cell(table, r, c)
    while value is None and c is not None and r > top:
        r -= 1
        value = cell(table, r, c)
    return display(value)


def data_row(table: Table, r: int, cols: Columns, grid: Grid, top: int) -> dict | None:
    counts_here = [clean(cell(table, r, c)) for c in cols.counts.values()]
    own_texts = [cell(table, r, getattr(cols, k)) for k in TEXT_COLUMNS]
    native = [t for c, t in zip(cols.counts.values(), counts_here) if (r, c) not in table.formulas]
    if all(t in EMPTY_TEXTS for t in native) and all(clean(v) in EMPTY_TEXTS for v in own_texts):
        return None                                    # padding: nothing of its own but blanks or formulas
    occupation = _merged_text(table, r, cols.occupation, top)
    texts = {k: _merged_text(table, r, getattr(cols, k), top) for k in TEXT_COLUMNS[1:]}
    if re.fullmatch(r"(备注|说明|注|填表说明)[:：].*", clean(occupation)):
        return None
    path = f"rows[{occupation or r}]"
    item = {"occupation": occupation, **texts}
    item.update(read_counts(table, r, cols, grid, path))
    grid.sources[f"{path}.occupation"] = table.origin(r, cols.occupation or 0)
    return item


def read_grid(table: Table, is_contact) -> Grid | None:
    """The first grid of one table (its header band, rows, 合计); None when the table has none."""
    rows = table.rows
    r = next((i for i, row in enumerate(rows) if is_header_row(row)), None)
    if r is None:
        return None
    grid = Grid(table=table.source)
    grid.columns, r = find_columns(table, r)
    first = r
    while r < len(rows):
        row = rows[r]
        if is_header_row(row) or is_contact(row):
            break
        if is_total(row):
            grid.totals = read_counts(table, r, grid.columns, grid, "totals")
            break
        item = data_row(table, r, grid.columns, grid, top=first)
        if item:
            grid.rows.append(item)
        r += 1
    return grid
