"""The winners' list (获奖名单) as a form read field by field (form.reader = "winners"): a title naming the
competition, then one row per winner — name, unit, occupation and rank. Declares its workbook sheet (one
row per winner), the region's totals (winners by rank) and what names the competition for the roster.
A campaign with this form has no Annex 1: nothing here knows that form, nor generic code this one."""
from __future__ import annotations

import re
import unicodedata

from . import forms
from .roster import competition_cores

TITLE = re.compile(r"(决赛)?获奖(选手|人员)?名单")
COLUMNS = {"name": re.compile(r"^姓名$"), "unit": re.compile(r"单位"), "occupation": re.compile(r"职业|工种"),
           "rank": re.compile(r"等次|奖项|获奖等级")}
PLACE = re.compile(r"^名次$|^排名$")
RANKS = ("一等奖", "二等奖", "三等奖")


def _clean(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text if text is not None else "")))


def _header(rows: list) -> tuple[int, dict] | None:
    """The header row of the winners' table and each field's column; None when there is none."""
    for r, row in enumerate(rows):
        cells = [_clean(c) for c in row]
        found = {}
        for key, pattern in COLUMNS.items():
            c = next((i for i, t in enumerate(cells) if pattern.search(t) and i not in found.values()), None)
            if c is not None:
                found[key] = c
        if "rank" not in found:
            place = next((i for i, t in enumerate(cells) if PLACE.search(t)), None)
            if place is not None:
                found["rank"] = place
        if "name" in found and "rank" in found:
            return r, found
    return None


def read_list(tables: list, text: str) -> dict | None:
    for table in tables:
        head = _header(table.rows)
        if head is None:
            continue
        r, cols = head
        above = [_clean(c) for row in table.rows[:r] for c in row if _clean(c)]
        title = next((t for t in above if TITLE.search(t)), "") or next(
            (ln.strip() for ln in text.splitlines() if TITLE.search(ln)), "")
        winners = []
        for row in table.rows[r + 1:]:
            cells = {k: _clean(row[c]) if c < len(row) else "" for k, c in cols.items()}
            if not cells.get("name"):
                continue
            winners.append({k: cells.get(k, "") for k in COLUMNS})
        return {"title": title, "winners": winners}
    return None


def competition_of(values: dict) -> str:
    return TITLE.sub("", values.get("title") or "")


def rank_of(winner: dict) -> str:
    return next((r for r in RANKS if r in (winner.get("rank") or "")), "其他")


def _count(values: dict) -> list:
    ranks = [rank_of(w) for w in values.get("winners") or []]
    return [ranks.count(r) for r in (*RANKS, "其他")]


def _field(key: str):
    return lambda _values, winner: winner.get(key)


@forms.register("winners")
class WinnersReader:
    """A winners' list: a title, then 姓名, 单位, 职业（工种）, 名次/等次 per winner."""
    layout = forms.Layout(
        title="获奖名单", about="各竞赛最新一份获奖名单的每位获奖选手",
        columns=(forms.Column("姓名", 8, _field("name")), forms.Column("单位", 18, _field("unit")),
                 forms.Column("职业（工种）", 12, _field("occupation")), forms.Column("名次", 8, _field("rank"))),
        rows=lambda values: values.get("winners") or [])
    totals = forms.Totals(rows_label="获奖人数", columns=tuple(f"获奖人数：{r}" for r in (*RANKS, "其他")), count=_count)
    finals_basis = ""

    def looks_like(self, tables: list, text: str) -> bool:
        return any(_header(t.rows) for t in tables) and bool(TITLE.search(_clean(text)))

    def read(self, tables: list, text: str) -> forms.FormReading:
        values = read_list(tables, text)
        if values is None:
            return forms.FormReading(values={}, doubts=["未找到获奖名单表格（姓名、名次栏），请打开原件核对"])
        return forms.FormReading(values=values, found_grid=bool(values["winners"]), source=tables[0].source)

    def complete_in(self, tables: list) -> str | None:
        return next((t.source for t in tables if _header(t.rows)), None)

    def read_scan(self, page_images: list[bytes]) -> tuple[str, list]:
        return "", []                   # a photographed list is for staff to read

    def competition_of(self, values: dict) -> str:
        return competition_of(values)

    def units_named(self, values: dict) -> list[str]:
        return []

    def roster_mismatch(self, values: dict, entry) -> str | None:
        named = _clean(competition_of(values))
        if not named or _clean(entry.competition) in named or any(c in named for c in competition_cores(entry.competition)):
            return None
        return f"获奖名单的标题「{named}」与名单中的竞赛「{entry.competition}」不一致"

    def finals(self, values: dict, year: int) -> list[forms.Final] | None:
        return None
