"""Message kinds from headers (RFC 3834) and content (pure functions on parsed mails)."""
from __future__ import annotations

import pytest

from intake_bot import mime, triage
from intake_bot.model import Mail as Unit
from intake_bot.records import MessageKind
from samples.mails import Mail, render


def parsed(**kw) -> Unit:
    raw = render(Mail(kw.pop("sender", "x@unit.example"), "某人", kw.pop("subject", "材料"), kw.pop("body", "见附件"),
                      headers=kw.pop("headers", {}), message_id="<t@unit.example>"))
    unit = Unit(source="t", raw=raw)
    mime.fill_mail(unit, mime.parse_message(raw))
    return unit


@pytest.mark.parametrize("headers,subject,kind", [
    ({"Auto-Submitted": "auto-replied"}, "Re: 材料", "auto_reply"),
    ({"X-Autoreply": "yes"}, "材料", "auto_reply"),
    ({}, "自动回复：2024年竞赛总结材料", "auto_reply"),
    ({}, "Out of Office: 材料", "auto_reply"),
    ({"X-Spam-Flag": "YES"}, "证书", "spam"),
    ({"List-Id": "<news.skills.example>"}, "资讯", "spam"),
    ({"Precedence": "bulk"}, "资讯", "spam"),
    ({}, "Undelivered Mail Returned to Sender", "bounce"),
    ({"Auto-Submitted": "no"}, "2024年竞赛总结材料", None),
])
def test_header_kinds(headers, subject, kind):
    assert triage.header_kind(parsed(headers=headers, subject=subject))[0] == kind


def test_dsn_report_is_a_bounce():
    raw = (b"From: MAILER-DAEMON@mx.example\r\nTo: intake@jdzx.gx.example\r\nSubject: failure\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n"
           b"--R\r\nContent-Type: text/plain\r\n\r\nUser unknown\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
           b"Final-Recipient: rfc822; a@b.example\r\n\r\n--R--\r\n")
    unit = Unit(source="b", raw=raw)
    mime.fill_mail(unit, mime.parse_message(raw))
    assert triage.header_kind(unit)[0] == "bounce" and unit.documents == []


def test_spam_words_from_unknown_senders_only():
    spam = parsed(subject="代开发票 低价", body="点击链接了解")
    assert triage.looks_like_spam(spam, known_sender=False)
    assert not triage.looks_like_spam(spam, known_sender=True)
    assert not triage.looks_like_spam(parsed(subject="2024年竞赛总结材料", body="请查收"), known_sender=False)


def test_no_reply_senders_get_no_reply():
    assert triage.may_reply_to(MessageKind.SUBMISSION, "noreply@unit.example")[0] is False
    assert triage.may_reply_to(MessageKind.AUTO_REPLY, "a@unit.example")[0] is False
    assert triage.may_reply_to(MessageKind.MISROUTED, "a@unit.example") == (True, "")


@pytest.mark.parametrize("text, about", [
    ("请查收附件中的报价单。", False),
    ("附件是贵公司需要的材料，请查收", False),
    ("会议材料请查收", False),
    ("现报送我单位2024年职业技能竞赛相关材料", True),
    ("补报：成绩单及情况说明", True),
    ("决赛成绩单扫描件见附件", True),
])
def test_a_strangers_words_are_about_the_collection_only_when_they_say_so(text, about):
    from intake_bot.body import mentions_material
    from intake_bot.campaign import load_campaign
    assert mentions_material(text, load_campaign().mention_words) is about
