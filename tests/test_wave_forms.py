"""The second wave of Annex 1 forms (samples/wave_forms.py): several sheets, formulas without stored
values, Chinese numerals, landscape PDFs with wrapped headers, each read through the whole pipeline
(folder source, outbox), as a clerk reads it; and the certainty rule: a problem resting on a value
the bot computed, or on a doubtful choice of sheet, goes to staff and never to the sender."""
from __future__ import annotations

import email
from email import policy

import pytest

from samples import wave_forms

from sets import read_set

MATERIALS = {"summary", "score_sheet", "basic_info", "other_competitions"}


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    data, by_slug, _doc = read_set(tmp_path_factory, wave_forms)
    return data, by_slug


def _manual_items(data) -> str:
    import openpyxl
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx", read_only=True)
    return "\n".join(str(c) for ws in wb.worksheets if ws.title == "待人工核对"
                     for row in ws.iter_rows(values_only=True) for c in row if c)


def _reply(data, message_id: str) -> str:
    path = next(p for p in (data / "outbox").glob("*.eml") if message_id.encode() in p.read_bytes())
    return email.message_from_bytes(path.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()


def test_every_kind_is_documented_and_made_in_three_variants_or_more():
    kinds = [line.split("|")[1].strip() for line in wave_forms.__doc__.splitlines()
             if line.startswith("| ") and not line.startswith("| kind")]
    assert set(kinds) == set(wave_forms.EXPECT)
    for family in ("sheets_", "formula_", "numerals_", "pdf_"):
        assert sum(k.startswith(family) for k in kinds) >= 3, family


@pytest.mark.parametrize("slug", list(wave_forms.EXPECT))
def test_each_form_read_as_a_clerk_reads_it(wave, slug):
    data, by_slug = wave
    m = by_slug[slug]
    kind, rid, materials, problems, counts, staff = wave_forms.EXPECT[slug]
    assert (m["kind"], m["roster_id"]) == (kind, rid)
    assert {a["class"] for a in m["attachments"]} & MATERIALS == materials, [a["reason"] for a in m["attachments"]]
    assert m["basic_info_problems"] == problems
    if counts is not None:
        got = {"rows": [{k: r[k] for k in ("occupation", "participants", "certificates")} for r in m["basic_info"]["rows"]],
               "totals": m["basic_info"]["totals"]}
        assert got == counts
    assert (m["source"] in _manual_items(data)) == staff


def test_the_form_is_read_from_its_own_sheet_with_its_own_header(wave):
    _data, by_slug = wave
    info = by_slug["sheets_plan_first"]["basic_info"]
    assert info["competition_name"] == wave_forms.ROSTER[0][1]           # not the 2025 application's name
    assert info["contact"]["phone"] == wave_forms.ROSTER[0][6]


def test_a_mismatch_resting_on_a_computed_formula_goes_to_staff_not_the_sender(wave):
    data, by_slug = wave
    m = by_slug["formula_plus_short"]
    assert m["basic_info"]["totals"]["participants"]["final"] == 54      # =G11+G12, the last row left out
    assert m["basic_info_problems"] == []
    assert "合计" not in _reply(data, "<formula_plus_short@")
    manual = _manual_items(data)
    assert "写 54，各工种相加为 72" in manual and "#VALUE!" in manual


def test_the_tie_between_two_whole_forms_names_both_sheets_for_staff(wave):
    data, _by_slug = wave
    manual = _manual_items(data)
    assert "「附件1」与「附件1（修改前）」" in manual


def test_a_vague_count_is_still_told_to_the_sender_as_written(wave):
    data, by_slug = wave
    reply = _reply(data, "<numerals_vague@")
    assert "约三十" in reply and "若干" in reply
    assert "一百八十三" not in reply and "九十六" not in reply


def test_a_row_broken_by_a_page_break_is_joined_and_a_real_row_is_not():
    from parsers.pdf import _split_row
    last = ["化工总控工", "国家职业技能标准", "2024年5月", "职工组", "96", "28", "18", "0", "2", "0"]
    assert _split_row(last, ["（第8赛区）", "（2019年版）", "", "", "", "", "", "", "", ""])
    assert not _split_row(last, ["电工", "国家职业技能标准", "2024年6月", "职工组", "50", "", "10", "1", "0", "0"])
    assert not _split_row(last, ["合计", None, None, None, "1295", "385", "245", "21", "15", "0"])
