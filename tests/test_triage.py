"""Message kinds from headers (RFC 3834) and content (pure functions on parsed mails)."""
from __future__ import annotations

import pytest

from intake_bot.mail import mime, triage
from intake_bot.mail.model import Mail as Unit
from intake_bot.store.records import MessageKind
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
    from intake_bot.mail.body import mentions_material
    from intake_bot.campaign import load_campaign
    assert mentions_material(text, load_campaign().mention_words) is about


# ---- receipts and bounces (RFC 3834 Auto-Submitted, RFC 3464 delivery reports) ----------------------

def _report(action: str, auto: str = "auto-replied", subject: str = "Delivery Status Notification") -> Unit:
    raw = (f"From: MAILER-DAEMON@mx.unit.example\r\nTo: intake@jdzx.gx.example\r\nSubject: {subject}\r\n"
           f"Auto-Submitted: {auto}\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n"
           "--R\r\nContent-Type: text/plain\r\n\r\nReport.\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mx.unit.example\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\n"
           f"Action: {action}\r\nStatus: 2.0.0\r\n\r\n--R--\r\n").encode()
    unit = Unit(source="r", raw=raw)
    mime.fill_mail(unit, mime.parse_message(raw))
    return unit


@pytest.mark.parametrize("action, kind", [("delivered", "auto_reply"), ("relayed", "auto_reply"),
                                          ("failed", "bounce"), ("delayed", "bounce")])
def test_a_delivery_report_is_a_bounce_only_when_a_recipient_was_not_delivered(action, kind):
    assert triage.header_kind(_report(action))[0] == kind


@pytest.mark.parametrize("sender, subject, headers, body, kind", [
    # Postfix and Exim mark their bounces auto-replied: the failure still makes them bounces
    ("MAILER-DAEMON@mx.unit.example", "Undelivered Mail Returned to Sender", {"Auto-Submitted": "auto-replied"},
     "I'm sorry to have to inform you that your message could not be delivered.", "bounce"),
    ("postmaster@unit.example", "通知", {"Auto-Submitted": "auto-generated"}, "收件人地址不存在，邮件无法投递。", "bounce"),
    ("postmaster@unit.example", "通知", {}, "收件人信箱已满。", "bounce"),
    # a receipt the system marks automatic, and one whose subject says delivered
    ("postmaster@oa.unit.example", "您的邮件已被接收", {"Auto-Submitted": "auto-generated"}, "邮件已进入收件箱。",
     "auto_reply"),
    ("mailer-daemon@unit.example", "Delivered: 2024年竞赛总结材料", {}, "Your message was delivered.", "auto_reply"),
    ("system@oa.unit.example", "收文回执", {"Auto-Submitted": "auto-generated"}, "来文已登记。", "auto_reply"),
])
def test_receipts_are_auto_replies_and_failures_are_bounces(sender, subject, headers, body, kind):
    assert triage.header_kind(parsed(sender=sender, subject=subject, headers=headers, body=body))[0] == kind


# ---- newsletters without list headers, calendar invitations ------------------------------------------

def _links(n: int) -> str:
    return "\n".join(f"https://news.example/{i}" for i in range(n))


@pytest.mark.parametrize("sender, subject, body, bulk", [
    ("info@skills.gov.example", "技能快讯", "本期内容：竞赛动态。", True),                     # sender + periodical
    ("wang@bureau.gov.example", "工作动态", f"{_links(6)}\n如不希望再收到此类邮件请回复。", True),  # links + subscription
    ("wang@bureau.gov.example", "材料", f"竞赛总结材料下周报送。\n{_links(2)}", False),
    ("wang@bureau.gov.example", "简报", "我厅竞赛简报请参阅。", False),                        # one mark alone
])
def test_a_newsletter_needs_two_marks_of_bulk_mail(sender, subject, body, bulk):
    mail = parsed(sender=sender, subject=subject, body=body)
    assert triage.looks_like_newsletter(mail, known_sender=False) is bulk
    assert triage.looks_like_newsletter(mail, known_sender=True) is False


def test_a_calendar_part_makes_an_invitation_other_mail():
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    raw = (b"From: a@unit.example\r\nSubject: =?utf-8?B?" + __import__("base64").b64encode("竞赛总结材料会议取消".encode())
           + b"?=\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
           b"meeting\r\n--B\r\nContent-Type: text/calendar; method=CANCEL\r\n\r\n" + ics + b"\r\n--B--\r\n")
    unit = Unit(source="c", raw=raw)
    mime.fill_mail(unit, mime.parse_message(raw))
    assert [d.examined for d in unit.documents] == [False] and unit.documents[0].name.endswith(".ics")
    assert triage.content_kind(unit, known_sender=True)[0] == MessageKind.OTHER


@pytest.mark.parametrize("subject,body,phishing", [
    # phishing in several shapes: what it asks (follow a link), with urgency, an account, a threat
    ("【紧急】您的邮箱存储空间即将超限", "请于24小时内点击 http://mx-verify.example/a 完成账户验证，逾期邮箱将停用收信功能。", True),
    ("邮件系统通知", "您的帐号存在风险，请立即登录 https://secure-login.example/ 重新确认密码。", True),
    ("关于竞赛材料接收的重要提醒", "为确保各单位竞赛材料正常接收，请马上核实邮箱信息：https://gx-mail.example/check "
     "，否则账户将被冻结。", True),
    ("Action required", "Your mailbox will be suspended. Verify your account within 48 hours: https://x.example/v", True),
    # not phishing: a link with one mark only, or no link at all
    ("超大附件", "材料较大，用超大附件发送，请尽快下载：https://mail.163.example/large/abc", False),
    ("会议通知", "请各单位于3天内登录系统查看会议安排。", False),
    ("关于账号", "我单位联系人账号变更，请核实邮箱信息后更新名单。", False),
])
def test_phishing_is_a_link_with_pressure_around_it(subject, body, phishing):
    assert triage.looks_like_phishing(parsed(subject=subject, body=body)) is phishing
    assert triage.looks_like_spam(parsed(subject=subject, body=body), known_sender=True) is False
