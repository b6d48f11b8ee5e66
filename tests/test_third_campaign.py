"""A third campaign with a form of its own: a winners' list (获奖名单, read by campaign/winners_reader.py)
and two signed materials, each with its own signer (the score sheet: 裁判长; the supervision record:
监督员). Its folder is tests/fixtures/campaigns/awards/; nothing outside intake_bot/campaign/ and that
folder knows it. Run end to end: the workbook shows the winners' sheet and totals by rank (never the
Annex 1 columns), each signed material is checked for its own signer, the export holds the readings
and the replies are written."""
from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from intake_bot.cli import main
from samples import documents as d
from samples import world
from samples.mails import Attachment, Mail, render

CAMPAIGN = Path(__file__).resolve().parent / "fixtures" / "campaigns" / "awards"
ROSTER = [
    ("A01", "2024年广西新能源行业职业技能竞赛", "自治区新能源局", "电工", "自治区级二类", "覃海", "0771-5900001",
     "qinhai@xny.gx.example"),
    ("A02", "2024年广西智能制造职业技能竞赛", "广西智造集团有限公司", "钳工", "自治区级二类", "陆燕", "0771-5900002",
     "luyan@zhizao.example.cn"),
]
DATE = "Tue, 18 Feb 2025 10:00:00 +0800"
PEOPLE = {"A01": 6, "A02": 4}          # winners_list_xlsx: 1 一等奖, 2 二等奖, the rest 三等奖


def _supervision(signed: bool, seed: int) -> bytes:
    """A scanned supervision record: the supervisor's line first, the chief referee's beside it."""
    return d.score_footer_page(d.Footer(label="监督员（签字）：", others=("裁判长（签字）：", "记分员（签字）："),
                                        signed=signed), seed=seed)


def _mail(entry: tuple, supervised: bool, seed: int) -> Mail:
    rid, comp, unit, occ, _cat, contact, _phone, addr = entry
    return Mail(addr, contact, f"{comp}获奖名单等材料", f"鉴定中心：\n    现报送{comp}获奖名单、成绩单和监督记录，请查收。\n\n{contact}",
                [Attachment("获奖名单.xlsx", d.winners_list_xlsx(comp, unit, people=PEOPLE[rid])),
                 Attachment("决赛成绩单.pdf", d.scanned_pdf([d.score_sheet_image(comp, occ, True, seed=seed)])),
                 Attachment("监督记录.png", _supervision(supervised, seed + 1))],
                message_id=f"<{rid.lower()}@awards.example>", date=DATE)


@pytest.fixture(scope="module")
def awards(tmp_path_factory):
    out = tmp_path_factory.mktemp("awards")
    mails = [("001-a01.eml", render(_mail(ROSTER[0], True, 21))), ("002-a02.eml", render(_mail(ROSTER[1], False, 31)))]
    eml = world.write(out, mails, ROSTER)
    data = out / "work"
    assert main(["run", "--once", "--campaign", str(CAMPAIGN), "--source", str(eml), "--roster", str(out / "roster.csv"),
                 "--data-dir", str(data), "--reply-mode", "outbox", "--now", "2025-02-20T09:00:00+08:00"]) == 0
    doc = out / "export.json"
    assert main(["export", "--campaign", str(CAMPAIGN), "--data-dir", str(data), "--json", str(doc)]) == 0
    return data, json.loads(doc.read_text(encoding="utf-8"))


def _workbook(data: Path):
    import openpyxl
    found = list(data.glob("*.xlsx"))
    assert found, list(data.iterdir())
    return openpyxl.load_workbook(found[0])


def test_the_export_holds_the_winners_lists(awards):
    _data, doc = awards
    entries = {e["roster_id"]: e for e in doc["entries"]}
    for rid, people in PEOPLE.items():
        e = entries[rid]
        assert set(e["received"]) == {"winners_list", "score_sheet", "supervision"}, e
        assert e["missing"] == []
        winners = e["basic_info"]["winners"]
        assert len(winners) == people
        assert winners[0]["rank"] == "一等奖" and winners[0]["occupation"] == "电工"
        assert "获奖选手名单" in e["basic_info"]["title"]


def test_each_signed_material_is_checked_for_its_own_signer(awards):
    _data, doc = awards
    entries = {e["roster_id"]: e for e in doc["entries"]}
    assert entries["A01"]["problems"] == []
    assert entries["A01"]["score_sheet_signed"] is True
    # A02's score sheet is signed by the chief referee, its supervision record not by the supervisor
    assert entries["A02"]["problems"] == ["supervision_unsigned"], entries["A02"]
    assert entries["A02"]["score_sheet_signed"] is True


def test_the_workbook_shows_the_winners_sheet_and_totals_by_rank(awards):
    data, _doc = awards
    wb = _workbook(data)
    assert "获奖名单" in wb.sheetnames and "基本情况表" not in wb.sheetnames
    ws = wb["获奖名单"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "编号")
    assert header[:5] == ["编号", "姓名", "单位", "职业（工种）", "名次"]
    assert not {"竞赛名称", "初赛", "决赛", "高级工"} & set(header)          # no Annex 1 column
    body = [r for r in rows[rows.index(header) + 1:] if r and r[0] in PEOPLE]
    assert len(body) == sum(PEOPLE.values())
    assert {r[4] for r in body} == {"一等奖", "二等奖", "三等奖"}
    region = wb["全区汇总"]
    table = [list(r) for r in region.iter_rows(values_only=True)]
    head = next(r for r in table if r and r[0] == "范围")
    assert "获奖人数：一等奖" in head and not any(str(h or "").startswith("参赛人数") for h in head)
    total = next(r for r in table if r and r[0] == "全区合计")
    by = dict(zip(head, total))
    assert by["获奖人数：一等奖"] == 2 and by["获奖人数：二等奖"] == 4 and by["获奖人数：三等奖"] == 4
    assert by["获奖人数"] == 10
    tracking = [list(r) for r in wb["材料跟踪"].iter_rows(values_only=True)]
    head = next(r for r in tracking if r and r[0] == "编号")
    assert "裁判长签字" in head and "监督员签字" in head


def test_replies_are_written(awards):
    data, _doc = awards
    replies = [p for p in (data / "outbox").rglob("*.eml")] if (data / "outbox").exists() else list(data.rglob("*.eml"))
    assert len(replies) >= 2, list(data.iterdir())
    texts = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
             for p in replies]
    assert any("监督员" in t for t in texts)                 # A02 is told the supervisor has not signed


def test_a_campaign_may_name_several_forms_and_the_old_single_form_table_still_reads(tmp_path):
    from intake_bot.campaign import load_campaign
    from intake_bot.base.errors import ConfigError
    awards = load_campaign(CAMPAIGN)
    assert [f.reader for f in awards.forms] == ["winners"] and awards.form.name == "获奖名单"
    assert awards.signed_materials == {"score_sheet": "裁判长", "supervision": "监督员"}
    old = load_campaign(None)                          # the 2024 file keeps its [form] table
    assert [f.reader for f in old.forms] == ["annex1"] and old.form_of("basic_info") is old.form
    text = (CAMPAIGN / "campaign.toml").read_text(encoding="utf-8")
    both = text.replace('[[forms]]\nreader = "winners"\nmaterial = "winners_list"\nname = "获奖名单"',
                        '[[forms]]\nreader = "winners"\nmaterial = "winners_list"\nname = "获奖名单"\n\n'
                        '[[forms]]\nreader = "annex1"\nmaterial = "score_sheet"\nname = "另一张表"')
    for name in ("reply_submission.txt", "reply_misrouted.txt", "reminder.txt", "reread_note.txt"):
        (tmp_path / name).write_bytes((CAMPAIGN / name).read_bytes())
    (tmp_path / "campaign.toml").write_text(both, encoding="utf-8")
    two = load_campaign(tmp_path)
    assert [f.reader for f in two.forms] == ["winners", "annex1"] and two.form_of("score_sheet").name == "另一张表"
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "campaign.toml").write_text(text + '\n[form]\nreader = "winners"\nmaterial = "winners_list"\n',
                                                    encoding="utf-8")
    with pytest.raises((ConfigError, ValueError)):
        load_campaign(tmp_path / "bad")
