"""全区汇总 computed: the region's totals of the current forms' rows, overall and by category of the plan,
and what they leave out — a form that is not the entry's own, a count written in words."""
from __future__ import annotations

from dataclasses import dataclass

from ...campaign import forms
from .view import EntryView

LEFT_OUT_CODES = ("roster_mismatch",)          # the form is not this entry's (another year or competition)
TOTAL = "全区合计"


@dataclass
class RegionNote:
    """A form the totals left out, or counted without some of its values."""
    roster_id: str
    unit: str
    category: str
    what: str                  # 未计入 / 部分数字未计入
    reason: str


@dataclass
class RegionTotals:
    header: list
    rows: list                 # 全区合计 first, then one row per category of the plan, in the roster's order
    doubtful: set              # (row index, column header) of totals that lack a value written as words
    notes: list                # [RegionNote]


def region_totals(views: list[EntryView], reader: forms.FormReader, form_name: str) -> RegionTotals:
    """The region's totals of the current forms' rows (never the forms' own 合计 rows), overall and by
    category of the plan. A form that is not the entry's own (another year, another competition) is
    left out; a count written as words ("约100") is not counted as 0 silently: the total says so. The
    reader says which columns are summed and how (forms.Totals)."""
    spec = reader.totals
    header = ["范围", "竞赛项数", "已计入表格数", "未计入表格数", spec.rows_label, *spec.columns, "说明"]
    width = len(spec.columns) + 4
    names = [TOTAL] + list(dict.fromkeys(f"类别：{v.entry.get('category') or '未分类'}" for v in views))
    values = {n: [0] * width for n in names}
    left_out: dict[str, list[str]] = {n: [] for n in names}
    partial: dict[str, dict[str, list[str]]] = {n: {} for n in names}
    notes = []
    for v in views:
        buckets = (TOTAL, f"类别：{v.entry.get('category') or '未分类'}")
        unit = v.entry.get("host") or ""
        for b in buckets:
            values[b][0] += 1
        form = v.state.form
        if not form:
            continue
        codes = set(v.state.form_problems)
        if codes & set(LEFT_OUT_CODES):
            why = "；".join(line for c in LEFT_OUT_CODES for line in v.state.texts.get(c, [])) \
                or f"{form_name}与名单中的竞赛不一致"
            notes.append(RegionNote(v.entry["id"], unit, buckets[1][3:], "未计入", why))
            for b in buckets:
                values[b][2] += 1
                left_out[b].append(v.entry["id"])
            continue
        doubtful_lines = [line for c in spec.doubtful_codes if c in codes for line in v.state.texts.get(c, [])]
        columns = spec.doubtful(doubtful_lines)
        if doubtful_lines:
            notes.append(RegionNote(v.entry["id"], unit, buckets[1][3:], "已计入，写成文字的数字未计入",
                                    "；".join(line.split("，请")[0] for line in doubtful_lines)))
        rows, sums = reader.layout.rows(form), spec.count(form)
        for b in buckets:
            row = values[b]
            row[1] += 1
            row[3] += len(rows)
            for i, total in enumerate(sums, 4):
                row[i] += total
            for h in columns or ({"（数字列未能确定）"} if doubtful_lines else set()):
                partial[b].setdefault(h, []).append(v.entry["id"])
    out_rows, doubtful = [], set()
    for i, name in enumerate(names):
        said = []
        if left_out[name]:
            said.append(f"未计入 {len(left_out[name])} 份（{'、'.join(left_out[name])}，与名单不符）")
        for h, ids in partial[name].items():
            said.append(f"{h.split('：')[-1]}不含 {'、'.join(ids)} 写成文字的数字")
            doubtful.add((i, h))
        out_rows.append([name, *values[name], "；".join(said)])
    return RegionTotals(header, out_rows, doubtful, notes)
