"""The Annex 1 reader on wordings and layouts the generator does not make: header words for the rounds
and certificate levels, headers split over rows, the best of several sheets, a formula this machine
cannot compute, and the certainty rule (what rests on a computed value is held for staff)."""
from __future__ import annotations

import io

import pytest

from intake_bot.campaign.annex1_grid import count_column, find_columns
from intake_bot.campaign.annex1_reader import Annex1Reader, pick, reading
from parsers import Table


@pytest.mark.parametrize("header,key", [
    ("预赛", ("participants", "preliminary")), ("参赛人数\n（预赛）", ("participants", "preliminary")),
    ("半决赛", ("participants", "selection")), ("复赛人数", ("participants", "selection")),
    ("总决赛", ("participants", "final")), ("决赛\n（人）", ("participants", "final")),
    ("三级\n（高级工）", ("certificates", "senior_worker")), ("获高级工证书(人)", ("certificates", "senior_worker")),
    ("二级/技师", ("certificates", "technician")), ("一级（高级技师）", ("certificates", "senior_technician")),
    ("获高级技师\n证书人数", ("certificates", "senior_technician")),
    ("备注", None), ("预计参赛人数", None), ("决赛时间", None), ("小计", None),
])
def test_a_count_column_is_known_by_what_its_header_says(header, key):
    from intake_bot.campaign.annex1_grid import clean
    assert count_column(clean(header)) == key


def _grid(rows, source="Sheet1", addresses=False) -> Table:
    t = Table(source=source, rows=rows)
    if addresses:
        t.addresses = [[f"{chr(65 + c)}{r + 1}" for c in range(len(row))] for r, row in enumerate(rows)]
    return t


def test_a_header_split_over_three_rows_keeps_every_column():
    rows = [["工种", "竞赛", "参赛", None, None, "获证", None, None],
            [None, "标准", "预赛", "半决赛", "总决赛", "高级", "技", "高级"],
            [None, None, "人数", "人数", "人数", "工", "师", "技师"],
            ["电工", "国标", "50", "20", "10", "3", "1", "0"]]
    cols, first = find_columns(_grid(rows), 0)
    assert first == 3
    assert cols.occupation == 0 and cols.standard == 1
    assert cols.counts == {("participants", "preliminary"): 2, ("participants", "selection"): 3,
                           ("participants", "final"): 4, ("certificates", "senior_worker"): 5,
                           ("certificates", "technician"): 6, ("certificates", "senior_technician"): 7}


FORM_ROWS = [["基本情况表"], ["竞赛名称：某某竞赛"], ["主办单位：某厅"], ["承办单位：某校"], ["决赛地点：南宁"],
             ["竞赛职业（工种）", "竞赛标准", "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师"]]


def _form(rows, totals, source, contact="联系人：张三 联系电话：0771-1234567 电子邮箱：a@b.example"):
    return _grid(FORM_ROWS + rows + [["合计", "", *totals], [contact]], source, addresses=True)


def test_the_form_sheet_wins_over_a_report_with_its_own_grid_and_rows_are_not_merged():
    report = _grid([["各市汇总表"], ["工种", "市别", "参赛人数", "决赛"], ["电工", "南宁", "40", "12"], ["合计", "", "40", "12"]],
                   "汇总", addresses=True)
    form = _form([["焊工", "国标", "一百二十", "/", "三十", "5", "2", "0"]], ["120", "/", "30", "5", "2", "0"], "填报")
    chosen = pick([report, form], "")
    assert chosen.source == "填报" and chosen.doubts == []
    assert [r["occupation"] for r in chosen.form.info["rows"]] == ["焊工"]
    assert chosen.form.info["rows"][0]["participants"] == {"preliminary": 120, "selection": None, "final": 30}
    assert Annex1Reader().complete_in([report, form]) == "填报"


def test_a_lone_poor_reading_is_flagged_for_staff_and_its_problems_held():
    sheet = _grid([["工种", "决赛"], ["电工", "10"], ["合计", "12"]], "Sheet1", addresses=True)
    result = reading(pick([sheet], ""))
    assert result.doubts and "读取不完整" in result.doubts[0]
    assert result.problems == [] and result.held         # blank fields, contacts: not told while in doubt


def test_identical_copies_of_the_form_are_no_tie():
    rows = [["焊工", "国标", "120", "/", "30", "5", "2", "0"]]
    a = _form(rows, ["120", "/", "30", "5", "2", "0"], "附表")
    b = _form(rows, ["120", "/", "30", "5", "2", "0"], "附表 (2)")
    assert pick([a, b], "").doubts == []


def test_a_mismatch_on_native_cells_is_told_and_one_on_a_computed_cell_is_held():
    rows = [["焊工", "国标", "120", "/", "30", "5", "2", "0"], ["电工", "国标", "80", "/", "20", "5", "2", "0"]]
    native = _form(rows, ["200", "/", "60", "10", "4", "0"], "表")
    told = reading(pick([native], ""))
    assert told.problems == ["total_mismatch"] and told.held == []
    computed = _form(rows, ["200", "/", "60", "10", "4", "0"], "表")
    computed.formulas = {(len(FORM_ROWS) + 2, 4): "=SUM(E7:E8)"}
    held = reading(pick([computed], ""))
    assert held.problems == [] and [code for code, _t in held.held] == ["total_mismatch"]


def test_a_formula_this_machine_cannot_compute_is_shown_as_written(monkeypatch):
    import openpyxl

    import parsers
    import parsers.legacy
    from parsers.errors import NeedsManualCheck
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in FORM_ROWS + [["焊工", "国标", 120, "/", 30, 5, 2, 0]]:
        ws.append(row)
    ws.append(["合计", "", "=SUM(C7:C7)", "/", "=SUM(E7:E7)", 5, 2, 0])
    ws.append(["联系人：张三 联系电话：0771-1234567 电子邮箱：a@b.example"])
    out = io.BytesIO()
    wb.save(out)

    def no_office(*_a, **_k):
        raise NeedsManualCheck("needs manual check: LibreOffice is not installed")
    monkeypatch.setattr(parsers.legacy, "convert", no_office)
    content = parsers.parse(out.getvalue(), "xlsx", "表.xlsx")
    assert content.tables[0].formulas == {(7, 2): "=SUM(C7:C7)", (7, 4): "=SUM(E7:E7)"}
    result = reading(pick(content.tables, content.text))
    assert result.values["totals"]["participants"] == {"preliminary": None, "selection": None, "final": None}
    assert result.problems == []                          # an empty 合计 read from a formula is no mistake of the sender's
    assert any("=SUM(E7:E7)" in d for d in result.doubts)
