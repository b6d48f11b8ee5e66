"""What the Annex 1 (基本情况表) shows outside its reading: the workbook's sheet of it (one row per
occupation), the region's totals of its six counts, the occupations whose final it shows held (the
planning hints), and whether it is a roster entry's. The reader (annex1_reader) declares these; generic code never names a field."""
from __future__ import annotations

import re
import unicodedata

from . import forms
from .roster import unit_key
from ..base.years import years_named
from .annex1_grid import clean

NAME = "基本情况表"
GROUPS = (("participants", (("preliminary", "初赛"), ("selection", "选拔赛"), ("final", "决赛"))),
          ("certificates", (("senior_worker", "高级工"), ("technician", "技师"), ("senior_technician", "高级技师"))))
_NOT_HELD_WORDS = re.compile(r"延期|推迟|取消|未举办|未开展|未进行|未完成|暂缓|待定|另行")


def _clean(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _info(key: str):
    return lambda info, _row: info.get(key)


def _contact(key: str):
    return lambda info, _row: (info.get("contact") or {}).get(key)


def _cell(key: str):
    return lambda _info, row: row.get(key)


def _count(group: str, key: str):
    return lambda _info, row: (row.get(group) or {}).get(key)


LAYOUT = forms.Layout(
    title=NAME, about=f"各竞赛最新一份{NAME}的各工种",
    columns=(forms.Column("竞赛名称", 16, _info("competition_name")), forms.Column("主办单位", 14, _info("host")),
             forms.Column("承办单位", 12, _info("organizer")), forms.Column("决赛地点", 10, _info("final_venue")),
             forms.Column("竞赛职业（工种）", 10, _cell("occupation")), forms.Column("竞赛标准", 16, _cell("standard")),
             forms.Column("竞赛时间", 11, _cell("time")), forms.Column("组别", 8, _cell("groups")),
             *(forms.Column(name, 5.5, _count(g, k), wrap=False) for g, pairs in GROUPS for k, name in pairs),
             forms.Column("联系人", 7, _contact("name")), forms.Column("联系电话", 12, _contact("phone")),
             forms.Column("电子邮箱", 14, _contact("email"))),
    rows=lambda info: info.get("rows") or [])

COUNT_COLUMNS = [(g, k, f"{'参赛人数' if g == 'participants' else '获证书人数'}：{name}") for g, pairs in GROUPS
                 for k, name in pairs]


def _counts(info: dict) -> list:
    rows = info.get("rows") or []
    return [sum((r.get(group) or {}).get(key) or 0 for r in rows) for group, key, _h in COUNT_COLUMNS]


def doubtful_columns(lines: list[str]) -> set[str]:
    """The count columns named in the problem lines of a form's unreadable counts."""
    out = set()
    for line in lines:
        for named in re.findall(r"「([^」]*人数)」", line):
            group = "participants" if "参赛" in named else "certificates"
            pairs = dict(GROUPS)[group]
            key = max((k for k, name in pairs if name in named), key=lambda k: len(dict(pairs)[k]), default=None)
            if key:
                out.add(next(h for g, k, h in COUNT_COLUMNS if (g, k) == (group, key)))
    return out


TOTALS = forms.Totals(rows_label="工种数", columns=tuple(h for _g, _k, h in COUNT_COLUMNS), count=_counts,
                      doubtful_codes=("non_numeric_count",), doubtful=doubtful_columns)

FINALS_BASIS = f"{NAME}中各职业（工种）的竞赛时间和决赛人数"


def row_finished(row: dict, year: int) -> tuple[bool, str]:
    """One Annex 1 row: was its final held in `year` (a final-round count, a time not after the year)?"""
    time = _clean(row.get("time"))
    final = (row.get("participants") or {}).get("final")
    years = years_named(time) or [int(y) for y in re.findall(r"(20\d\d)", time)]
    said = f"竞赛时间“{time or '未填'}”，决赛{final if final is not None else '未填'}人"
    if not final or final <= 0:
        return False, said
    if _NOT_HELD_WORDS.search(time) or (years and year not in years and min(years) > year):
        return False, said
    return True, said


def finals(info: dict, year: int) -> list[forms.Final]:
    return [forms.Final(_clean(r.get("occupation")), *row_finished(r, year)) for r in info.get("rows") or []]


def units_named(info: dict) -> list[str]:
    return [v for v in (info.get(k) for k in ("host", "co_organizer", "organizer")) if isinstance(v, str) and v]


def _years(text: str) -> set:
    return set(re.findall(r"(20\d\d)年", clean(text)))


def roster_mismatch(info: dict, competition: str, host: str) -> bool:
    """The form's competition name or host unit is clearly not the roster entry's."""
    from difflib import SequenceMatcher
    name = clean(info.get("competition_name"))
    want = clean(competition)
    if name and want:
        if _years(name) and _years(want) and not (_years(name) & _years(want)):
            return True
        if name not in want and want not in name and SequenceMatcher(None, name, want).ratio() < 0.6:
            return True
    hosts = [unit_key(h) for h in re.split(r"[、，,；;/]|和(?=自治区|广西)", info.get("host") or "") if clean(h)]
    if hosts and host and unit_key(host) not in hosts and not any(unit_key(host) in h or h in unit_key(host) for h in hosts):
        return True
    return False
