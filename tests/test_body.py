"""What the sender's own words say (pure functions)."""
from __future__ import annotations

import pytest

from intake_bot import body
from intake_bot.body import large_attachment_link, own_text
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
])
def test_not_declarations(text):
    assert not declares_no_other(text)


def test_own_text_stops_at_the_quote():
    assert own_text("好的\n在 2025年2月10日 中心 写道：\n旧内容") == "好的"


def test_large_attachment_links():
    body = "从网易163邮箱发来的超大附件\n决赛成绩单.zip (186.4M)\n下载地址：https://mail.163.example/large-attachment-download/x"
    assert large_attachment_link(body)
    assert large_attachment_link("", '<a href="https://wx.mail.qq.example/ftn/download?k=1">超大附件</a>')
    assert not large_attachment_link("详见附件 https://www.gx12333.net/")


def test_senders_of_inline_forwarded_mail():
    from intake_bot.body import quoted_senders
    body = ("请查收转发的材料。\n\n---------- 转发的邮件 ----------\n发件人：罗明琦 <GXJTFW@163.example>\n"
            "日期：2025年2月10日\nFrom: \"Wei\" <wei@unit.example>\n")
    assert quoted_senders(body) == ["gxjtfw@163.example", "wei@unit.example"]
