"""What the sender's own words say (pure functions)."""
from __future__ import annotations

import pytest

from intake_bot.body import declares_no_other, large_attachment_link, own_text


@pytest.mark.parametrize("text", [
    "我单位2024年未自行开展其它职业技能竞赛，特此说明。",
    "2024年度本单位无自行开展的其他职业技能竞赛。",
    "自行开展的其它职业技能竞赛情况：无。",
    "其他职业技能竞赛：未开展",
    "本协会未组织其他职业技能竞赛。",
    "另外说明，广西柳工集团2024年没有自行组织其它职业技能竞赛。",
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
