"""The variation set (samples/variations.py): ways of writing the shared corpus does not show, each
read as a clerk reads it, through the whole pipeline (folder source, outbox)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from samples import variations

from sets import read_set


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    return read_set(tmp_path_factory, variations)


def test_at_least_ten_kinds_of_variation_are_documented():
    kinds = [line.split("|")[1].strip() for line in variations.__doc__.splitlines()
             if line.startswith("| ") and not line.startswith("| kind")]
    assert len(kinds) >= 10
    made = {slug.rstrip("_12") for slug in variations.EXPECT}
    assert set(kinds) <= made | {k.rstrip("_12") for k in made}


@pytest.mark.parametrize("slug", list(variations.EXPECT))
def test_each_variation_read_as_a_clerk_reads_it(varied, slug):
    _data, by_slug, _doc = varied
    m = by_slug[slug]
    kind, rid, materials, problems, signed = variations.EXPECT[slug]
    assert (m["kind"], m["roster_id"]) == (kind, rid)
    got = {a["class"] for a in m["attachments"]} & {"summary", "score_sheet", "basic_info", "other_competitions"}
    if m["declares_no_other_competitions"]:
        got.add("other_competitions")
    assert got == materials
    assert m["basic_info_problems"] == problems
    if signed is not None:
        assert m["score_sheet_signed"] is signed
    assert m["replied"] == (kind == "submission")


def test_html_rowspan_form_reads_every_row_in_its_column(varied):
    _data, by_slug, _doc = varied
    assert by_slug["annex1_html_rowspan"]["basic_info"] == variations.FORM_V04.expected()


def test_per_occupation_sheets_are_each_a_score_sheet(varied):
    _data, by_slug, _doc = varied
    classes = [(a["name"], a["class"]) for a in by_slug["score_sheets_per_occupation"]["attachments"]]
    assert classes == [("砌筑工.pdf", "score_sheet"), ("钢筋工.pdf", "score_sheet")]


def test_ocr_doubt_goes_to_staff_not_to_the_sender(varied):
    data, by_slug, _doc = varied
    m = by_slug["annex1_photo_by_ocr"]
    assert m["basic_info"] is not None and m["basic_info_problems"] == []
    reply = next(p for p in (data / "outbox").glob("*.eml") if b"<v06@btsw.gx.example>" in p.read_bytes())
    text = _reply_text(reply)
    assert "合计" not in text
    import openpyxl
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx", read_only=True)
    manual = "\n".join(str(c) for ws in wb.worksheets if ws.title == "待人工核对"
                       for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "IMG_20250210_101500.jpg" in manual and "对照原件" in manual and "合计" in manual


def _reply_text(path: Path) -> str:
    import email
    from email import policy
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return msg.get_body(("plain",)).get_content()


def test_nested_bomb_reported_under_the_attached_archive(varied):
    _data, by_slug, _doc = varied
    atts = by_slug["nested_archive_bomb"]["attachments"]
    assert all(a["container"] == "林业竞赛材料.zip" for a in atts)
    unsafe = [a for a in atts if a["class"] == "unsafe"]
    assert unsafe and all(a["name"].startswith("备份.zip") for a in unsafe)


def test_reused_message_id_with_other_files_is_noted_not_dropped(varied):
    data, by_slug, doc = varied
    assert by_slug["reused_message_id_2"]["kind"] == "submission"
    import sqlite3
    db = sqlite3.connect(data / "state.sqlite3")
    record = json.loads(db.execute("SELECT record FROM messages WHERE source LIKE '%reused_message_id_2%'").fetchone()[0])
    assert any("Message-ID" in n and "reused_message_id_1" in n for n in record["notes"])
    v02 = next(e for e in doc["entries"] if e["roster_id"] == "V02")
    assert {"summary", "basic_info", "other_competitions"} <= set(v02["received"])
