"""Problem codes of a parsed Annex 1 (pure functions): what is checked and what is not guessed."""
from __future__ import annotations

import pytest

from intake_bot.campaign.annex1 import Annex1, check, read_count, roster_mismatch


def form(rows=(), totals=None, **fields) -> Annex1:
    keys_p, keys_c = ("preliminary", "selection", "final"), ("senior_worker", "technician", "senior_technician")
    info = {"competition_name": "2024年广西演示行业职业技能竞赛", "host": "自治区演示厅", "organizer": "某学院",
            "final_venue": "南宁市", "co_organizer": "无",
            "contact": {"name": "韦明", "department": "人事处", "phone": "0771-5800001", "email": "a@b.example"}}
    info.update(fields)
    info["rows"] = [{"occupation": f"工种{i}", "participants": dict(zip(keys_p, r[:3])),
                     "certificates": dict(zip(keys_c, r[3:]))} for i, r in enumerate(rows)]
    t = totals or (None,) * 6
    info["totals"] = {"participants": dict(zip(keys_p, t[:3])), "certificates": dict(zip(keys_c, t[3:]))}
    return Annex1(info=info)


@pytest.mark.parametrize("text,value,flag", [
    ("30", 30, False), ("30人", 30, False), ("３０", 30, False), (" 30 ", 30, False), ("30.0", 30, False),
    ("/", None, False), ("", None, False), ("无", None, False), ("约30", None, True), ("三十", 30, False),
    ("一百八十三", 183, False), ("两千零五人", 2005, False), ("二十五人", 25, False), ("1,200", 1200, False),
    ("30左右", None, True), ("若干", None, True), ("30余人", None, True), ("20-30", None, True),
])
def test_counts(text, value, flag):
    c = read_count(text)
    assert (c.value, c.non_numeric) == (value, flag)


def test_a_clean_form_has_no_problems():
    assert check(form([(10, None, 5, 1, 1, 0)], (10, None, 5, 1, 1, 0))) == []


def test_totals_null_as_zero_and_mismatch():
    assert check(form([(10, None, 5, 1, 0, 0), (5, None, 3, 0, 0, 0)], (15, None, 8, 1, 0, 0))) == []
    assert check(form([(10, None, 5, 1, 0, 0), (5, None, 3, 0, 0, 0)], (15, None, 9, 1, 0, 0))) == ["total_mismatch"]


def test_a_column_with_an_unreadable_cell_is_not_summed():
    f = form([(None, None, 5, 1, 0, 0)], (99, None, 5, 1, 0, 0))
    f.non_numeric.append(("rows[工种0]", "participants", "preliminary", "约30"))
    assert check(f) == ["non_numeric_count"]


def test_certificates_exceed_final_blank_fields_and_contacts():
    f = form([(10, None, 2, 2, 1, 0)], (10, None, 2, 2, 1, 0), final_venue="",
             contact={"name": "韦明", "department": "", "phone": "", "email": "韦明"})
    assert sorted(check(f)) == ["blank_required_field", "certificates_exceed_final", "missing_contact_email",
                                "missing_contact_phone"]


@pytest.mark.parametrize("name,host,mismatch", [
    ("2024年广西演示行业职业技能竞赛", "广西壮族自治区演示厅、自治区人力资源社会保障厅", False),
    ("2024年广西演示行业职业技能竞赛（电工）", "演示厅", False),
    ("2023年广西演示行业职业技能竞赛", "自治区演示厅", True),          # last year's form
    ("2024年广西演示行业职业技能竞赛", "自治区另一厅", True),
])
def test_roster_mismatch(name, host, mismatch):
    info = {"competition_name": name, "host": host}
    assert roster_mismatch(info, "2024年广西演示行业职业技能竞赛", "自治区演示厅") is mismatch


@pytest.mark.parametrize("phone,email,expected", [
    ("0771-5832158（办）", "chen@unit.example（个人）", []),
    ("１３８００１３８０００", "A.B@x.example.org", []),
    ("0771-58", "chen@unit.example", ["missing_contact_phone"]),
    ("0771-5832158", "chen", ["missing_contact_email"]),
])
def test_contact_read_as_a_clerk_reads_it(phone, email, expected):
    f = form([(10, None, 5, 1, 1, 0)], (10, None, 5, 1, 1, 0),
             contact={"name": "陈", "department": "", "phone": phone, "email": email})
    assert check(f) == expected
