"""Replies: one per inbound submission, threaded, in formal Chinese, written to the outbox or sent
over SMTP. The decision to reply is committed before the reply leaves; a reply whose sending was
interrupted is marked 'uncertain' and never sent again automatically (nothing is sent twice)."""
from __future__ import annotations

import datetime as dt
import email.utils
import re
import smtplib
from email.message import EmailMessage
from pathlib import Path

from .config import Campaign, Settings
from .entries import EntryState
from .errors import LoginError, SendError
from .files import write_atomic

PROBLEM_TEXT = {
    "total_mismatch": "基本情况表“合计”行与各行数字之和不一致",
    "missing_contact_phone": "基本情况表未填写联系电话（或格式不正确）",
    "missing_contact_email": "基本情况表未填写电子邮箱（或格式不正确）",
    "non_numeric_count": "基本情况表的人数栏有非数字内容（如“约30”），请填写确切人数",
    "blank_required_field": "基本情况表的竞赛名称、主办单位、承办单位或决赛地点有空项",
    "certificates_exceed_final": "基本情况表中获证书人数超过决赛参赛人数",
    "roster_mismatch": "基本情况表的竞赛名称或主办单位与2024年竞赛计划不一致（是否误用了其他年度或其他竞赛的表格？）",
    "score_sheet_unsigned": "决赛原始成绩单未见裁判长签字，请提供含裁判长签字的复印件",
}


UNMATCHED_TEXT = ("未能将本邮件对应到2024年自治区级职业技能竞赛计划中的竞赛，请回复注明竞赛名称和牵头主办单位"
                  "（以上已收/尚缺情况暂按本邮件统计）")


def read_template(campaign: Campaign, name: str) -> str:
    path = Path(campaign.templates_dir) / f"{name}.txt"
    return path.read_text(encoding="utf-8")


def reply_message_id(sha256: str, campaign: Campaign) -> str:
    domain = campaign.center_address.rsplit("@", 1)[-1] or "intake-bot.local"
    return f"<intake-{sha256[:24]}@{domain}>"


def _lines(items: list[str], empty: str) -> str:
    return "\n".join(f"  {i}. {t}" for i, t in enumerate(items, 1)) if items else f"  {empty}"


def compose(record: dict, entry: EntryState | None, roster_entry: dict | None, campaign: Campaign,
            now: dt.datetime) -> EmailMessage:
    names = campaign.materials
    received = [f"{a['name']}（{_class_text(a, names)}）" for a in record.get("attachments", [])]
    if record.get("declares_no_other_competitions"):
        received.append(f"邮件正文说明：未自行开展其它职业技能竞赛（视为已报送“{names['other_competitions']}”）")
    if record.get("large_attachment_link"):
        received.append("邮件正文中的超大附件下载链接（链接内容需人工下载核对，暂不计入已收材料）")
    fields = {
        "contact_salutation": _salutation(roster_entry, record),
        "center_name": campaign.center_name, "subject": record.get("subject") or "（无主题）",
        "received_date": _date_text(record.get("date"), now), "deadline": _deadline(campaign),
        "paper_address": campaign.paper_address, "contacts": campaign.contacts,
        "plan_system_path": campaign.plan_system_path, "today": f"{now:%Y年%-m月%-d日}",
        "materials": "、".join(names.values()),
        "received_list": _lines(received, "本邮件未附可识别的材料"),
        "have_list": _lines([names[m] for m in names if entry and m in entry.received], "暂无"),
        "missing_list": _lines([names[m] for m in (entry.missing if entry else list(names))], "无，材料已收齐，谢谢！"),
        "problem_list": _lines(([] if record.get("roster_id") else [UNMATCHED_TEXT])
                               + [PROBLEM_TEXT.get(p, p) for p in (entry.problems if entry else [])]
                               + [f"{a['name']}：{a['reason']}" for a in record.get("attachments", [])
                                  if a["class"] == "unsafe"], "未发现问题"),
    }
    template = "reply_plan_2025" if record.get("kind") == "plan_2025" else "reply_submission"
    body = read_template(campaign, template).format(**fields)
    msg = EmailMessage()
    subject = record.get("subject") or ""
    msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    msg["From"] = email.utils.formataddr((campaign.center_name, campaign.center_address))
    msg["To"] = record.get("reply_to") or record.get("sender")
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = reply_message_id(record["sha256"], campaign)
    if record.get("message_id"):
        refs = " ".join(x for x in (record.get("references") or "", record["message_id"]) if x)
        msg["In-Reply-To"] = record["message_id"]
        msg["References"] = refs
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body)
    return msg


def _salutation(roster_entry: dict | None, record: dict) -> str:
    name = (roster_entry or {}).get("contact") or ""
    if not name and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", record.get("sender_name") or ""):
        name = record["sender_name"]               # a personal name as the sender signed the mail
    return f"{name}同志" if name else "各位同志"


def _class_text(att: dict, names: dict) -> str:
    cls = att["class"]
    if cls in names:
        return names[cls]
    return {"plan_2025": "2025年竞赛计划申报材料，请在线上系统申报", "unsafe": "无法读取或不安全，未计入",
            "other": "非所需材料"}.get(cls, cls)


def _deadline(campaign: Campaign) -> str:
    d = campaign.deadline
    return f"{d.year}年{d.month}月{d.day}日"


def _date_text(value: str | None, now: dt.datetime) -> str:
    try:
        d = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        d = None
    d = d or now
    return f"{d.year}年{d.month}月{d.day}日"


class Outbox:
    """Replies as .eml files in a folder (the default: nothing leaves the machine)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def deliver(self, msg: EmailMessage, key: str) -> str:
        path = self.folder / f"{key}.eml"
        write_atomic(path, bytes(msg))
        return str(path)


class SmtpSender:
    def __init__(self, settings: Settings):
        self.smtp = settings.smtp
        self.sender = settings.smtp.sender or settings.campaign.center_address

    def deliver(self, msg: EmailMessage, key: str) -> str:
        s = self.smtp
        try:
            if s.security == "tls":
                conn = smtplib.SMTP_SSL(s.host, s.port or 465, timeout=s.timeout, context=s.ssl_context())
            else:
                conn = smtplib.SMTP(s.host, s.port or 587, timeout=s.timeout)
                if s.security == "starttls":
                    conn.starttls(context=s.ssl_context())
            with conn:
                if s.user:
                    try:
                        conn.login(s.user, s.password("SMTP"))
                    except smtplib.SMTPAuthenticationError as exc:
                        raise LoginError("The SMTP server refused the user name or password.",
                                         str(exc.smtp_error)) from None
                conn.send_message(msg, from_addr=self.sender)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"Sending the reply failed: {exc}", str(exc)) from None
        return f"smtp:{msg['Message-ID']}"
