"""Replies: one per inbound submission, threaded, in formal Chinese, written to the outbox or sent
over SMTP. The decision to reply is committed before the reply leaves; a reply whose sending was
interrupted is marked 'uncertain' and never sent again automatically (nothing is sent twice)."""
from __future__ import annotations

import datetime as dt
import email.utils
import glob
import re
import smtplib
from email.message import EmailMessage
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..campaign import Campaign
from ..settings.config import Settings
from ..standing.entries import share
from ..base.errors import ConfigError, SendError, ServerUnreachable
from ..store.files import write_new
from ..mail.names import clean_text
from ..store.records import DocClass, MessageKind, MessageRecord
from ..mail.sender_text import (
    _URL,
    _unlinked,
    quoted,
    refusal_text,
)  # noqa: F401  (replies quote and refuse in these words)


def _environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined, autoescape=False,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(campaign: Campaign, name: str, **fields) -> str:
    """A reply template of the campaign (Jinja2: wording and conditions are editable without code)."""
    env = _environment(campaign.templates)
    return env.get_template(f"{name}.txt").render(**fields)


def reply_message_id(sha256: str, campaign: Campaign) -> str:
    domain = campaign.center_address.rsplit("@", 1)[-1] or "intake-bot.local"
    return f"<intake-{sha256[:24]}@{domain}>"


def _lines(items: list[str], empty: str) -> str:
    return "\n".join(f"  {i}. {t}" for i, t in enumerate(items, 1)) if items else f"  {empty}"


def _bullets(items: list[str]) -> str:
    """File lists: a bullet, not a number (a file named "4.自行开展….docx" must not read "4. 4.自行开展…")."""
    return "\n".join(f"  · {t}" for t in items)


NUMERALS = "〇一二三四五六七八九十"


def common_fields(campaign: Campaign, now: dt.datetime) -> dict:
    return {"center_name": campaign.center_name, "deadline": date_text(campaign.deadline),
            "paper_address": campaign.paper_address, "contacts": campaign.contacts,
            "collection": campaign.collection, "misrouted": campaign.misrouted, "numerals": NUMERALS,
            "today": f"{now:%Y年%-m月%-d日}", "materials": "、".join(m.name for m in campaign.materials)}


def standing_fields(campaign: Campaign, standing) -> dict:
    """An entry's standing as three lists that never overlap — received (nothing to correct), to correct
    (received, with what is wrong), missing (the notice's names: what to send) — and a link pending."""
    short = {m.key: m.short for m in campaign.materials}
    name = {m.key: m.name for m in campaign.materials}
    if standing is None:
        return {"accepted": [], "accepted_list": "", "corrections": [], "correction_list": "",
                "missing": [], "missing_list": "", "link_pending": False}
    accepted = [short[k] + ("（工作人员已登记）" if k in standing.by_staff else "") for k in standing.accepted]
    corrections = [_unlinked(f"{short[k]}：{line}" if k else line) for k in [*standing.to_correct, None]
                   for line in standing.corrections.get(k, [])]      # they repeat form cells: no link goes out
    missing = [name[k] for k in standing.missing]
    return {"accepted": accepted, "accepted_list": _lines(accepted, "暂无"),
            "corrections": corrections, "correction_list": _lines(corrections, ""),
            "missing": missing, "missing_list": _lines(missing, ""), "link_pending": standing.link_pending}


# Anything a mail client could turn into a link: a scheme (http://, hxxp://, mailto:), www., or any dotted
def compose(record: MessageRecord, standing, roster_entry: dict | None, campaign: Campaign,
            now: dt.datetime, to: str | None = None, others: list[tuple] = ()) -> EmailMessage:
    """The reply to one mail: what this mail brought (each file once, in one of: received, refused,
    misrouted), then the entry's standing (entry_state.Standing, staff decisions included). `others`: the
    other entries the mail speaks for, as (standing, roster row): then each file says which competition
    it was counted for and each entry gets its own section, named by its competition."""
    matched = bool(record.roster_id and standing)
    corrected = set(standing.to_correct) if matched else set()
    competition = {row["id"]: row.get("competition") or row["id"] for _st, row in [(standing, roster_entry), *others]
                   if row} if matched and others else {}
    files, refused, misrouted = [], [], []
    for d in record.documents:
        name = quoted(d.name, file_name=True)
        if d.cls is DocClass.UNSAFE:
            refused.append(f"{name}：{refusal_text(d.reason)}")
        elif d.cls is DocClass.MISROUTED:
            misrouted.append(name)
        else:
            files.append(f"{name}：{_class_text(d, campaign, corrected)}{_counted_for(d, record, competition, campaign)}")
    statement = campaign.statement
    if record.declares_no_other and statement:
        files.append(campaign.words.statement_in_body.format(short=statement.short))
    for d in record.documents if statement else ():
        if d.closing_statement:
            files.append(campaign.words.statement_closing.format(file=quoted(d.name, file_name=True), short=statement.short))
    problems = [] if matched else [t for _c, t in record.problem_texts]
    fields = {
        **common_fields(campaign, now),
        **standing_fields(campaign, standing if matched else None),
        "contact_salutation": _salutation(campaign, roster_entry, record, to),
        "subject": quoted(record.subject) or "（无主题）",
        "received_date": _date_text(record.date, now),
        "matched": matched, "plan": campaign.plan,
        "files_list": _bullets(files) if files else "  本邮件未附可识别的材料",
        "link": record.large_attachment_link,
        "refused_list": _bullets(refused), "misrouted_list": "、".join(f"「{n}」" for n in misrouted),
        "problems": problems, "problem_list": _lines(problems, ""),
        "sections": [_section(campaign, st, row) for st, row in [(standing, roster_entry), *others] if st and row]
        if matched and others else [],
    }
    template = "reply_misrouted" if record.kind is MessageKind.MISROUTED else "reply_submission"
    body = render(campaign, template, **fields)
    msg = EmailMessage()
    subject = quoted(record.subject, limit=60)
    msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    msg["From"] = email.utils.formataddr((campaign.center_name, campaign.center_address))
    msg["To"] = to or record.sender
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = reply_message_id(record.sha256, campaign)
    if record.message_id:
        refs = " ".join(x for x in (record.references or "", record.message_id) if x)
        msg["In-Reply-To"] = record.message_id
        msg["References"] = refs
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body)
    return msg


def _counted_for(doc, record: MessageRecord, competition: dict, campaign: Campaign) -> str:
    """When a mail serves several entries: which competition a material was counted for."""
    if not competition or doc.cls is not DocClass.MATERIAL:
        return ""
    statement = campaign.body_statement_material
    counted = [rid for rid in competition if any(d is doc for d in share(record, rid, statement).documents)]
    if len(counted) > 1:
        return "（计入本邮件涉及的各项竞赛）"
    return f"（计入“{competition[counted[0]]}”）" if counted else ""


def _section(campaign: Campaign, standing, row: dict) -> dict:
    """One entry's part of a reply that serves several: the same three lists as a one-entry reply."""
    return {"competition": row.get("competition") or row["id"], **standing_fields(campaign, standing)}


def _salutation(campaign: Campaign, roster_entry: dict | None, record: MessageRecord | None = None,
                to: str | None = None) -> str:
    """Whom the mail is written to: the roster contact by name when it goes to the roster's address (or
    the address is not known); else the name the sender signed with; else the unit's contact (the
    campaign's words)."""
    words = campaign.words
    name = (roster_entry or {}).get("contact") or ""
    roster_mail = ((roster_entry or {}).get("email") or "").lower()
    address = (to or (record.sender if record else "") or "").lower()
    if name and address and roster_mail and address != roster_mail:
        name = ""                                  # another person of the unit (or one staff assigned)
    sender_name = clean_text(record.sender_name if record else "").strip()
    if not name and re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", sender_name):
        name = sender_name
    if name:
        return words.salutation_name.format(name=name)
    if sender_name and "@" not in sender_name and len(sender_name) <= 20 and not _URL.search(sender_name):
        return words.salutation_sender.format(name=sender_name)
    if roster_entry and roster_entry.get("host"):
        return words.salutation_unit.format(unit=roster_entry["host"])
    return words.salutation_anyone


def _class_text(doc, campaign: Campaign, corrected: set = frozenset()) -> str:
    """What one file of this mail was taken for, in the sender's words."""
    if doc.cls is DocClass.MATERIAL:
        material = campaign.material(doc.material or "")
        text = material.short if material else (doc.material or "")
        if doc.names_other:                         # another year's or competition's: said in 需要更正
            return f"{text}，但{'年度' if doc.names_other[0] == 'wrong_year' else '竞赛'}不符，未计入（见下文）"
        return text + ("（需更正，见下文）" if doc.material in corrected else "")
    if doc.manual_check:
        return "已收到，由工作人员人工查看"
    return "不是本次所需的材料"


def date_text(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _date_text(value: str | None, now: dt.datetime) -> str:
    try:
        d = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        d = None
    return date_text(d or now)


class Outbox:
    """Replies as .eml files in a folder (the default: nothing leaves the machine)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def deliver(self, msg: EmailMessage, key: str) -> str:
        """A new file each time: a second delivery under the same key (a resend) is a second file, never
        written over the first, so the outbox shows every mail that went out. The same mail again (a
        delivery resumed after a crash between the write and its record) is the file already there."""
        same = self._written(key, msg.get("Message-ID"))
        if same is not None:
            return str(same)
        try:
            path = write_new(self.folder, key, ".eml", bytes(msg))
        except OSError as exc:
            raise SendError(f"回复未能写入 {self.folder}：{exc.strerror or exc}") from None
        return str(path)


    def _written(self, key: str, message_id: str | None) -> Path | None:
        if not message_id or not self.folder.is_dir():
            return None
        wanted = f"message-id: {message_id.strip()}".lower().encode()
        for path in self.folder.glob(f"{glob.escape(key)}*.eml"):
            try:
                with open(path, "rb") as fh:
                    head = fh.read(16384).split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
            except OSError:
                continue
            if any(line.strip().lower() == wanted for line in head.splitlines()):
                return path
        return None


def smtp_connection(s):
    """An SMTP connection as the settings say: TLS, or STARTTLS, or plain on loopback."""
    if s.security == "tls":
        return smtplib.SMTP_SSL(s.host, s.port or 465, timeout=s.timeout, context=s.ssl_context())
    conn = smtplib.SMTP(s.host, s.port or 587, timeout=s.timeout)
    if s.security == "starttls":
        conn.starttls(context=s.ssl_context())
    return conn


class SmtpSender:
    """One connection per reply; a server that cannot be reached at all is ServerUnreachable."""

    def __init__(self, settings: Settings):
        self.smtp = settings.smtp
        self.sender = settings.smtp.sender or settings.campaign.center_address

    def deliver(self, msg: EmailMessage, key: str) -> str:
        s = self.smtp
        try:
            conn = smtp_connection(s)
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnreachable(f"SMTP 服务器 {s.host} 连不上（{exc}）") from None
        try:
            with conn:
                if s.user:
                    try:
                        conn.login(s.user, s.password("SMTP"))
                    except smtplib.SMTPAuthenticationError as exc:
                        raise SendError("SMTP 服务器拒绝了用户名或密码（163/126 邮箱要用客户端授权码）。",
                                        str(exc.smtp_error)) from None
                conn.send_message(msg, from_addr=self.sender)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"回复发送失败：{exc}") from None
        except ConfigError as exc:                 # the password variable or file is missing
            raise SendError(f"回复未能发送：{exc}") from None
        return f"smtp:{msg['Message-ID']}"
