"""Roster import (csv in UTF-8 or GBK, xlsx) and matching a mail to its entry (pure functions)."""
from __future__ import annotations

import pytest

from intake_bot.base.errors import ConfigError
from intake_bot.campaign.roster import FormNames, competition_cores, load_roster, match
from samples.world import ROSTER, roster_csv

HEADER = ["id", "竞赛名称", "牵头主办单位", "竞赛职业（工种）", "类别", "联系人", "联系电话", "电子邮箱"]


@pytest.fixture()
def entries(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv())
    return load_roster(path)


def test_csv_gbk_and_xlsx_read_the_same(tmp_path, entries):
    import openpyxl
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(roster_csv().decode("utf-8-sig").encode("gb18030"))
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for row in ROSTER:
        wb.active.append(list(row))
    xlsx = tmp_path / "roster.xlsx"
    wb.save(xlsx)
    assert load_roster(gbk) == entries == load_roster(xlsx)


def test_bad_rosters_are_one_sentence(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,名称\nS1,x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="缺少这些列"):
        load_roster(bad)
    twice = tmp_path / "twice.csv"
    twice.write_text(",".join(HEADER) + "\nS1,a,b,,,,,\nS1,c,d,,,,,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="出现了两次"):
        load_roster(twice)
    other = tmp_path / "roster.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="应为 .csv 或 .xlsx"):
        load_roster(other)


def test_matching_order(entries):
    assert match(entries, "weiming@ysht.gx.example", [], [], None)[0] == "S01"
    assert match(entries, "someone@qq.example", ["huangli@gxyl.example.cn"], [], None)[0] == "S02"
    assert match(entries, "someone@qq.example", [], ["2024年广西测试服务业职业技能竞赛总结材料"], None)[0] == "S03"
    assert match(entries, "someone@qq.example", [], ["示范农业竞赛的材料"], None)[0] == "S04"
    assert match(entries, "clerk@gxyl.example.cn", [], ["材料"], None)[0] == "S02"   # organisation domain
    assert match(entries, "someone@qq.example", [], ["材料"], None)[0] is None
    assert match(entries, "x@qq.example", [], [], FormNames("2024年广西演示行业职业技能竞赛"))[0] == "S01"


def test_competition_cores():
    assert competition_cores("2024年广西电力行业职业技能竞赛") == ["电力行业"]
    assert "智能楼宇管理员" in competition_cores("2024年全国行业职业技能竞赛广西选拔赛（智能楼宇管理员）")
    assert set(competition_cores("2024年广西电信行业“数智工匠”职业技能竞赛")) == {"电信行业“数智工匠”", "电信行业"}


def test_a_stranger_signing_for_another_unit_is_no_match_by_part_of_a_name(entries):
    """A part of a competition's name (示范农业) in a stranger's mail is no match when the mail is signed
    for an organisation that is not the entry's host: that unit ran a competition of its own. Signed for
    the host, a branch of it, or not signed at all, the part of the name still matches."""
    s04 = next(e for e in entries if e.id == "S04")
    other = ["我公司举办了示范农业技能比武，现将总结发给贵中心备案。\n覃博\n广西八桂人力资源服务有限公司\n13978801234"]
    assert match(entries, "someone@qq.example", [], other, None)[0] is None
    for signed in (s04.host, s04.host + "办公室", ""):
        text = [f"示范农业竞赛的材料，请查收。\n李明\n{signed}\n0771-1234567"]
        assert match(entries, "someone@qq.example", [], text, None)[0] == "S04", signed
    addressed = ["自治区职业技能鉴定中心\n示范农业竞赛的材料，请查收。\n此致\n敬礼\n李明\n0771-1234567\n2025年2月10日"]
    assert match(entries, "someone@qq.example", [], addressed, None)[0] == "S04"      # the addressee, not the signer
    college = ["示范农业竞赛的材料，请查收。\n李明\n广西农业职业技术大学\n0771-1234567"]       # the college that ran it
    assert match(entries, "someone@qq.example", [], college, None)[0] is None
    assert match(entries, "someone@qq.example", [], college, FormNames("", ("广西农业职业技术大学",)))[0] == "S04"


def test_signing_units_are_lines_that_are_a_name():
    from intake_bot.campaign.roster import related_units, signing_units
    body = "现将活动总结发给贵中心\n覃博\n广西八桂人力资源服务有限公司\n贵港市职业技能鉴定中心\n13978801234"
    assert signing_units([body]) == ["广西八桂人力资源服务有限公司", "贵港市职业技能鉴定中心"]
    assert related_units("广西电网公司", "广西电网有限责任公司南宁供电局")
    assert related_units("自治区交通运输厅", "广西壮族自治区交通运输厅")
    assert not related_units("广西八桂人力资源服务有限公司", "广西家庭服务业协会")
