"""What the sender's own words say (pure functions)."""
from __future__ import annotations

import pytest

from intake_bot.mail import body
from intake_bot.mail.body import large_attachment_link, own_text
from intake_bot.campaign import load_campaign

STATEMENT = load_campaign().statement


def declares_no_other(text: str) -> bool:
    return body.declares_no_other(text, STATEMENT)


@pytest.mark.parametrize("text", [
    "我单位2024年未自行开展其它职业技能竞赛，特此说明。",
    "2024年度本单位无自行开展的其他职业技能竞赛。",
    "自行开展的其它职业技能竞赛情况：无。",
    "其他职业技能竞赛：未开展",
    "本协会未组织其他职业技能竞赛。",
    "另外说明，广西柳工集团2024年没有自行组织其它职业技能竞赛。",
    # phrasings the shared corpus does not show: labels, time words, the negation at the end
    "四、自行开展的其他竞赛：本年度未开展。",
    "其它技能比赛开展情况:今年没有",
    "关于其他赛事，2024年度我院没有另行举办。",
    "其他竞赛：0项",
    "是否自行开展其他职业技能竞赛：否",
    "除本次大赛外，本单位2024年度再无其他职业技能竞赛。",
    "我单位今年仅承办了本次竞赛，特此说明。",
    "本年度未单独组织任何其他技能竞赛活动",
    "自行组织的其它比赛——暂无",
    "附件4 其他竞赛情况\n不涉及",
    "关于自行组织的竞赛，我们这边今年一场都没有搞",
    "我单位本年度除承办上述竞赛外，未组织其他技能竞赛活动",
    "本单位不存在自行举办的其他竞赛",
    "本会2024年没有自己组织别的技能比赛",                   # colloquial: 自己, 别的, 比赛
])
def test_declarations(text):
    assert declares_no_other(text)


@pytest.mark.parametrize("text", [
    "决赛原始成绩单正在履行裁判长签字手续，待完成后补报。",
    "2024年未开展竞赛的单位不得申报2025年计划。",
    "附件4：自行开展的其它职业技能竞赛情况.docx",
    # our own gap list, quoted back under a reply marker, is not the sender's declaration
    "收到，谢谢。\n\n-----原始邮件-----\n发件人：中心\n尚缺：自行开展的其它职业技能竞赛情况：无",
    "> 我单位未自行开展其它职业技能竞赛",
    "其他竞赛材料还没有准备好，稍后补报。",
    "其他竞赛情况见附件。",
    "如有其他竞赛，请一并报送。",
    "其他竞赛的材料未附，稍后补报。",
    "我单位2024年开展了其他竞赛3项，详见附件4。",
    "自行开展的其它竞赛情况无法在截止前汇总完毕，申请延期。",
    "其他比赛的成绩单无误，请查收。",
    "其他竞赛我们正在整理，暂时没有汇总完",
    "请问其他竞赛材料没有模板吗",
    "若贵单位未自行组织开展其他职业技能竞赛，请说明“无”。",   # a condition asks for the statement
    "如果没有其他竞赛，是否需要单独说明？",
])
def test_not_declarations(text):
    assert not declares_no_other(text)


CENTER = load_campaign().center_address
FORWARDED = """请查收，谢谢！

------------------ 原始邮件 ------------------
发件人: "韦局长" <weiju@gxjt.gov.example>;
发送时间: 2025年2月12日(星期三) 上午9:30
收件人: "小李" <xiaoli@qq.example>;
主题: 竞赛材料

中心领导：
  我局2024年未另行组织其他职业技能竞赛。四项材料中的其余三项见附件。
"""


def test_a_statement_in_a_mail_forwarded_by_a_colleague_counts_but_not_the_centers_own_words():
    # a colleague forwards the unit's mail from a personal mailbox: the unit's statement is in the
    # forwarded part; the center's gap list quoted back in a reply asks for it and must not count
    contact = {"weiju@gxjt.gov.example", "xiaoli@qq.example"}           # the roster contact and the sender
    assert body.declares_no_other(FORWARDED, STATEMENT, center=CENTER, trusted=contact)
    assert not body.declares_no_other(FORWARDED, STATEMENT, center=CENTER, trusted={"xiaoli@qq.example"})
    ours = FORWARDED.replace("weiju@gxjt.gov.example", CENTER)
    assert not body.declares_no_other(ours, STATEMENT, center=CENTER, trusted=contact | {CENTER})
    domain = CENTER.rsplit("@", 1)[1]
    assert not body.declares_no_other(FORWARDED.replace("weiju@gxjt.gov.example", f"chen@{domain}"), STATEMENT,
                                      center=CENTER, trusted=contact | {f"chen@{domain}"})
    reply = f"材料已补充。\n\n在 2025年2月10日，自治区职业技能鉴定中心 <{CENTER}> 写道：\n尚缺：自行开展的其它职业技能竞赛情况（如未开展，请说明无）"
    assert not body.declares_no_other(reply, STATEMENT, center=CENTER, trusted=contact)
    unknown = FORWARDED.replace('"韦局长" <weiju@gxjt.gov.example>', "韦局长")      # an author we cannot tell
    assert not body.declares_no_other(unknown, STATEMENT, center=CENTER, trusted=contact)


@pytest.mark.parametrize("text", [
    "尚缺：自行开展的其它职业技能竞赛情况（如未开展，请说明无）",           # the center's own gap list, not quoted
    "各单位如2024年未自行开展其他职业技能竞赛，须书面说明“无”",
    "对未开展其他竞赛的单位，请注明",
])
def test_requests_and_conditions_are_no_statements(text):
    assert not declares_no_other(text)


@pytest.mark.parametrize("text", [
    "需要说明的是我单位2024年未自行开展其他职业技能竞赛",
    "按要求须说明：我单位未自行开展其他职业技能竞赛",
    "如上所述，我单位2024年未自行开展其他职业技能竞赛",
    "如实说明：本单位未自行开展其他竞赛",
    "经核实，我单位未开展其他竞赛，请知悉",
])
def test_a_statement_introduced_by_a_requirement_is_one(text):
    assert declares_no_other(text)


def test_own_text_stops_at_the_quote():
    assert own_text("好的\n在 2025年2月10日 中心 写道：\n旧内容") == "好的"


def test_large_attachment_links():
    body = "从网易163邮箱发来的超大附件\n决赛成绩单.zip (186.4M)\n下载地址：https://mail.163.example/large-attachment-download/x"
    assert large_attachment_link(body)
    assert large_attachment_link("", '<a href="https://wx.mail.qq.example/ftn/download?k=1">超大附件</a>')
    assert not large_attachment_link("详见附件 https://www.gx12333.net/")


def test_senders_of_inline_forwarded_mail():
    from intake_bot.mail.body import quoted_senders
    body = ("请查收转发的材料。\n\n---------- 转发的邮件 ----------\n发件人：罗明琦 <GXJTFW@163.example>\n"
            "日期：2025年2月10日\nFrom: \"Wei\" <wei@unit.example>\n")
    assert quoted_senders(body) == ["gxjtfw@163.example", "wei@unit.example"]


# ---- the notice's item named by its number (its place in the campaign's list of materials) -------
ORDINAL = load_campaign().ordinal(STATEMENT.key)


def by_number(text: str, ordinal: int = ORDINAL) -> bool:
    return body.declares_no_other(text, STATEMENT, ordinal)


@pytest.mark.parametrize("text", [
    "关于第四项（自行开展的其它竞赛），我协会今年无。",
    "材料四：无。",
    "第四部分：不涉及",
    "4、无",
    "(4) 无此情况",
    "通知所列第四项，本单位确无此情况，特此说明！",
    "第4项材料：我院2024年度没有。",
    "第四点\n无",
    "一、工作总结已附\n二、成绩单已附\n三、基本情况表已附\n四、无",
    "第四项：0项",
])
def test_the_item_named_by_its_number(text):
    assert by_number(text)


@pytest.mark.parametrize("text", [
    "第四项材料后补。",
    "第四项材料另行报送。",
    "第四项材料详见附件。",
    "第四项材料暂无，待整理后补报。",
    "第四项没有填写完整，请指导。",
    "基本情况表第四项无法填写。",
    "成绩表中第四项无数据",
    "四、其他问题：无",
    "第三项：无",
    "（三）无",
    "第四十项：无",
    "第四项材料未附，稍后补报。",
])
def test_a_number_that_is_not_the_items_none(text):
    assert not by_number(text)


def test_the_number_comes_from_the_campaigns_list():
    """In a campaign that lists the statement fifth, "第五项" is the statement and "第四项" is not."""
    from intake_bot.campaign import Material
    campaign = load_campaign()
    others = [m for m in campaign.materials if m.key != STATEMENT.key]
    extra = Material(key="winners_list", name="获奖选手名单", short="获奖名单")
    later = campaign.model_copy(update={"materials": (*others, extra, STATEMENT)})
    fifth = later.ordinal(STATEMENT.key)
    assert fifth == 5 and later.ordinal("no_such_material") == 0
    assert by_number("第五项：无此情况。", fifth) and by_number("（五）无", fifth)
    assert not by_number("第四项：无此情况。", fifth)


def test_promises_and_what_others_did_are_no_statements():
    assert not declares_no_other("其他竞赛材料暂无，后补。")
    assert not declares_no_other("部分市县尚未开展其他职业技能竞赛。")
    assert declares_no_other("我单位未开展其他竞赛，部分选手参加了全国赛。")
    assert declares_no_other("我单位2024年未自行开展其他竞赛，成绩单待裁判长签字后补报。")
    assert declares_no_other("其他竞赛：暂无，无需补报。")


# ---- the closing paragraphs of a long document -----------------------------------------------------
_LONG = ["一、竞赛基本情况。" + "竞赛组织有序，选手发挥稳定，各项工作按计划完成。" * 6,
         "二、主要成效。" + "以赛促学、以赛促训，带动了技能人才成长。" * 6]


@pytest.mark.parametrize("closing", [
    ["综上，本年度我单位仅举办了本次竞赛。"],
    ["三、其他情况", "2024年本单位未另行组织任何职业技能比赛。", "某某厅", "2025年2月10日"],
    ["三、下一步打算。继续办好竞赛。需要说明的是，我局2024年没有自行举办其他技能竞赛。"],
])
def test_a_statement_closing_a_document(closing):
    assert body.closing_declares_none("\n".join(_LONG + closing), STATEMENT)


@pytest.mark.parametrize("closing", [
    ["其他职业技能竞赛情况详见附件4。"],
    ["三、存在问题。部分市县未开展其他技能竞赛，覆盖面有待扩大。"],
    ["其他竞赛情况材料正在汇总，暂未完成。"],
])
def test_no_statement_closing_a_document(closing):
    assert not body.closing_declares_none("\n".join(_LONG + closing), STATEMENT)


def test_only_the_closing_part_is_read():
    middle = ["我单位2024年未自行开展其他职业技能竞赛。"]
    text = "\n".join(_LONG[:1] + middle + _LONG * 2 + ["四、下一步打算。继续改进。"])
    assert not body.closing_declares_none(text, STATEMENT)
    assert "四、下一步打算" in body.closing_part(text) and "未自行开展" not in body.closing_part(text)


def test_lines_broken_by_the_page_width_are_one_paragraph():
    lines = ["甲" * 30 + "。", "本单位本年度未自行组织其他职业", "技能竞赛。"]
    lines[1] = lines[1].ljust(31, "乙")
    joined = body.closing_part("\n".join(lines))
    assert joined.splitlines()[-1] == lines[1] + lines[2]
