"""The third wave (samples/wave_years.py) through the whole pipeline (folder source, outbox): work
summaries and score sheets titled for another year or another competition are not counted and their
senders are told which file and what it names, guesses go to staff, and the 2025 planning hints (the
workbook's planning sheet and the export's planning section) state each of the notice's consequences."""
from __future__ import annotations

import email
from email import policy

import openpyxl
import pytest

from samples import wave_years

from sets import read_set

MATERIALS = {"summary", "score_sheet", "basic_info", "other_competitions"}
NOW = "2025-02-20T09:00:00+08:00"


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return read_set(tmp_path_factory, wave_years, NOW)


def _reply(data, slug: str) -> str:
    for p in sorted((data / "outbox").glob("*.eml")):
        msg = email.message_from_bytes(p.read_bytes(), policy=policy.default)
        if msg["In-Reply-To"] == wave_years.message_id(slug):
            return msg.get_body(("plain",)).get_content()
    raise AssertionError(f"no reply to {slug}")


def test_every_kind_is_documented_and_made():
    kinds = [line.split("|")[1].strip() for line in wave_years.__doc__.splitlines()
             if line.startswith("| ") and not line.startswith("| kind")]
    assert kinds == list(wave_years.EXPECT)
    assert [name[4:-4] for name, _raw in wave_years.build()] == kinds


def test_several_wordings_of_each_refusal():
    not_counted = [v[3] for v in wave_years.EXPECT.values() if v[3]]
    assert sum("wrong_year" in v.values() for v in not_counted) >= 3
    assert sum("other_competition" in v.values() for v in not_counted) >= 2


@pytest.mark.parametrize("slug", list(wave_years.EXPECT))
def test_each_mail_read_as_a_clerk_reads_it(wave, slug):
    _data, by_slug, _doc = wave
    m = by_slug[slug]
    kind, rid, counted, refused, staff = wave_years.EXPECT[slug]
    assert (m["kind"], m["roster_id"]) == (kind, rid)
    classes = {a["class"] for a in m["attachments"]} & MATERIALS
    assert classes == counted | set(refused), "the class stays what the file is"
    told = [a for a in m["attachments"] if "未计入已收" in a["reason"]]
    assert len(told) == len(refused)
    looked = [a for a in m["attachments"] if "title to check" in a["reason"]]
    assert bool(looked) is staff


def test_each_entry_counts_only_its_own_years_material(wave):
    _data, _by_slug, doc = wave
    entries = {e["roster_id"]: e for e in doc["entries"]}
    counted: dict[str, set] = {}
    refused: dict[str, dict] = {}
    for kind, rid, got, wrong, _staff in wave_years.EXPECT.values():
        if kind != "submission":
            continue
        counted.setdefault(rid, set()).update(got)
        for material, code in wrong.items():
            if material in counted[rid]:
                refused.setdefault(rid, {}).pop(material, None)
            else:
                refused.setdefault(rid, {})[material] = code
        for material in got:
            refused.get(rid, {}).pop(material, None)
    for rid, entry in entries.items():
        assert set(entry["received"]) == counted.get(rid, set()), rid
        codes = {c for c in entry["problems"] if c in ("wrong_year", "other_competition")}
        assert codes == set(refused.get(rid, {}).values()), rid
    assert "score_sheet" not in entries["Y02"]["received"], "another unit's sheet naming Y02 is not Y02's either"


@pytest.mark.parametrize("slug,named", [("summary_2023_docx", "2023年"), ("summary_2023_chinese_numerals", "2023年"),
                                        ("summary_other_entry_docx", "三波民政行业"),
                                        ("score_sheet_other_entry_xlsx", "三波交通行业")])
def test_the_reply_says_which_file_and_what_it_names(wave, slug, named):
    data, by_slug, _doc = wave
    text = _reply(data, slug)
    name = by_slug[slug]["attachments"][0]["name"]
    correct = text.split("需要更正", 1)[1]
    assert f"「{name}」" in correct and named in correct and "未计入已收" in correct
    for code in ("wrong_year", "other_competition", "title to check"):
        assert code not in text


def test_guesses_go_to_staff_not_to_the_sender(wave):
    data, by_slug, _doc = wave
    for slug in ("score_sheet_nickname_xlsx", "score_sheet_scan_other_entry", "score_sheet_other_industry_docx"):
        name = by_slug[slug]["attachments"][0]["name"]
        lines = [ln for ln in _reply(data, slug).splitlines() if name in ln]
        assert lines and not any("未计入" in ln or "标题" in ln for ln in lines), lines
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    ws = wb["待人工核对"]
    reasons = [str(r[5]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sum("标题似为" in r and "未告知发件人" in r for r in reasons) == 3


def test_the_planning_sheet_and_export_state_each_consequence(wave):
    data, _by_slug, doc = wave
    planning = {e["roster_id"]: e for e in doc["planning"]["entries"]}
    assert doc["schema"] == "intake-bot/export/v1" and doc["planning"]["year"] == 2025
    for rid, (held, finished, consequences) in wave_years.PLANNING.items():
        e = planning[rid]
        assert (e["final_held"], set(e["finished"]), set(e["consequences"])) == (held, finished, consequences), rid
    assert planning["Y09"]["unfinished"] == ["轧钢工"]
    apps = doc["planning"]["applications"]
    assert [(a["roster_id"], a["occupations"], a["repeated"]) for a in apps] == [("Y10", ["快递员", "网约配送员"], ["快递员"])]
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    ws = wb["2025计划提示"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [r[0] for r in wave_years.ROSTER]
    hint = "提示（仅供工作人员参考）"
    assert "不可申报2025年计划" in rows["Y08"][hint]
    assert "轧钢工" in rows["Y09"][hint] and "须于2025年内完成" in rows["Y09"][hint]
    assert "快递员" in rows["Y10"][hint] and "连续两年申办" in rows["Y10"][hint]
    assert "网约配送员" in rows["Y10"]["收到的2025年申报表（误投）"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    guide = " ".join(str(c) for row in wb["使用说明"].iter_rows(values_only=True) for c in row if c)
    assert "2025计划提示" in guide and "不会发给报送单位" in guide


def test_no_planning_hint_reaches_an_organizer(wave):
    data, _by_slug, _doc = wave
    for p in (data / "outbox").glob("*.eml"):
        text = email.message_from_bytes(p.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
        assert "不可申报" not in text and "连续两年" not in text and "须于2025年内完成" not in text


def test_the_2025_campaign_declares_no_planning():
    from intake_bot.campaign import CAMPAIGNS_DIR, load_campaign
    assert load_campaign(CAMPAIGNS_DIR / "2025").planning is None


def test_each_listed_file_links_to_its_stored_copy(wave):
    from urllib.parse import unquote
    data, _by_slug, _doc = wave
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    stored = {p.relative_to(data).as_posix() for p in (data / "files").rglob("*") if p.is_file()}
    for title, column in (("附件明细", "文件名"), ("待人工核对", "文件")):
        ws = wb[title]
        col = [c.value for c in ws[1]].index(column) + 1
        links = [ws.cell(r, col) for r in range(2, ws.max_row + 1) if ws.cell(r, col).hyperlink]
        assert links, title
        for cell in links:
            target = unquote(cell.hyperlink.target)
            assert not target.startswith(("/", "file:")) and target.startswith("files/"), target
            assert target in stored and target.endswith(cell.value.replace("/", "_")[-8:]), (target, cell.value)
    ws = wb["附件明细"]
    col = [c.value for c in ws[1]].index("文件名") + 1
    assert sum(1 for r in range(2, ws.max_row + 1) if ws.cell(r, col).hyperlink) == len(stored)


@pytest.mark.parametrize("heading, title", [
    ("2023年广西化工行业职业技能竞赛决赛成绩表\n序号 姓名 参赛单位 综合成绩 名次", ["2023年广西化工行业职业技能竞赛决赛成绩表"]),
    ("2024年 广西 电力行业 职业技能竞赛工作总结\n一、基本情况", ["2024年 广西 电力行业 职业技能竞赛工作总结", "一、基本情况"]),
    ("决赛成绩表\n序号\u3000姓名\u3000单位\u3000成绩", ["决赛成绩表"]),
    ("2023年 化工行业 决赛成绩表\n序号 姓名 单位", ["2023年 化工行业 决赛成绩表"]),   # a title spaced out is still one
    ("2023 年 决赛 成绩表", ["2023 年 决赛 成绩表"]),
])
def test_a_table_header_row_under_the_title_is_not_part_of_it(heading, title):
    # a PDF's text puts the table's header row right under the title: the reply quoted it as part of
    # the title ("…决赛成绩表 序号 姓名 参赛单位 综合成…")
    from intake_bot.reading.vintage import title_lines
    assert title_lines(heading) == title


@pytest.mark.parametrize("tables, text, unit", [
    ([[["申办单位（盖章）", "广西三波建筑业协会", "", ""], ["竞赛职业（工种）", "砌筑工", "", ""]]], "", "广西三波建筑业协会"),
    ([[["申报单位", "联系人"], ["广西某某集团有限公司", "张三"]]], "", "广西某某集团有限公司"),
    ([], "2025年竞赛申报表\n申报单位：广西某某协会\n竞赛名称：2025年广西某某竞赛", "广西某某协会"),
    ([], "主办单位(盖章): 自治区某某厅，联系人：李四", "自治区某某厅"),
    ([[["竞赛职业（工种）", "职业编码"], ["砌筑工", "6-29-01-01"]]], "竞赛申报表", ""),
    ([], "主办单位：自治区某某厅、广西某某协会\n申办单位：广西某某协会", "广西某某协会"),   # the applicant, not the hosts
    ([[["申报单位", "联系方式"], ["广西某某学院", "0771-1234567"]]], "", "广西某某学院"),
    ([[["申报单位", ""], ["举办地点", "南宁"]]], "", ""),                      # left blank: no label for a unit
    ([], "申报单位（盖章）：\n\n2025年1月10日", ""),
    ([], "申报单位： 联系人： 联系电话：", ""),
    ([], "申报单位（公章）：广西某某公司", "广西某某公司"),
])
def test_the_unit_an_application_is_made_by(tables, text, unit):
    from parsers.base import Table
    from intake_bot.reading.application import unit_named
    assert unit_named([Table(f"t{i}", rows) for i, rows in enumerate(tables)], text) == unit


def test_an_application_sent_from_an_address_not_on_the_roster_names_its_unit(tmp_path):
    # a colleague's own mailbox sends the unit's 2025 application: the planning sheet names the unit the
    # form names (not the address), and an occupation the unit ran this year is still a repeat
    import json
    from samples import world
    from samples.mails import Attachment, Mail, render
    from intake_bot.cli import main
    y03 = next(r for r in wave_years.ROSTER if r[0] == "Y03")
    mail = Mail("xiaoli1987@qq.example", "小李", "2025年竞赛计划申报", "您好，我单位2025年竞赛申报表见附件。",
                [Attachment("2025年竞赛申报表.docx", wave_years.plan_2025_docx("Y03", ["砌筑工", "木工"]))])
    eml = world.write(tmp_path, [("001-plan.eml", render(mail))], wave_years.ROSTER)
    data = tmp_path / "data"
    assert main(["run", "--once", "--source", str(eml), "--roster", str(tmp_path / "roster.csv"),
                 "--data-dir", str(data), "--now", NOW]) == 0
    assert main(["export", "--data-dir", str(data), "--json", str(tmp_path / "e.json")]) == 0
    apps = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["planning"]["applications"]
    assert [(a["unit"], a["occupations"], a["repeated"]) for a in apps] == [(y03[2], ["砌筑工", "木工"], ["砌筑工"])]
