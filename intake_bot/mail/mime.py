"""Parse one raw message: headers, body text, forwarded senders and the raw documents it carries.

Walks every MIME shape: mixed, related (cid: images), alternative, HTML-only bodies,
message/rfc822 (a forwarded mail: its files count, its original sender is kept), and
multipart/report (bounces and receipts: the returned message is never a submission).
"""
from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from parsers.html import html_to_text

from .model import Document, Mail
from .names import address_of, clean_text, decode_bytes, decode_text, part_filename

_BODY_TYPES = ("text/plain", "text/html")
_TINY_IMAGE = 8 * 1024                # signature logos and spacer images inline in HTML bodies
_SIGNATURE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature")


class _RawHeaders(email.policy.Compat32):
    """compat32, but header values come back as the raw text (8-bit bytes as surrogate escapes),
    never as lossy Header objects: names.decode_text reads them as a person would."""

    def header_fetch_parse(self, name, value):
        return value


RAW_HEADERS = _RawHeaders()


def parse_message(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=RAW_HEADERS)


# ---- large base64 parts, decoded straight from the raw bytes ---------------------------------------
# The stdlib parser turns the whole mail into text, splits it into lines and joins each part again
# before decoding it: a 50 MB attachment cost the main process ~450 MB. Large base64 bodies are cut
# out of the mail before it is parsed (a base64 body ends where the next boundary line starts, since
# "-" is not a base64 character) and decoded from a view of the raw bytes; the parser sees a token.

BIG_PART = 1 << 20
_TOKEN_PREFIX = "INTAKEBOTPART"
_TOKEN = _TOKEN_PREFIX + "{}Z"
_BLANK = re.compile(rb"\r?\n\r?\n")
_B64_HEADER = re.compile(rb"content-transfer-encoding:[ \t]*base64", re.I)
_TEXT_TYPE = re.compile(rb"content-type:[ \t]*(text/|message/|multipart/)", re.I)


def parse_lean(raw: bytes) -> tuple[Message, dict[str, bytes]]:
    """The message with its large base64 bodies replaced by tokens, and the tokens' decoded bytes."""
    import binascii
    pieces, big, pos, previous_blank = [], {}, 0, -1
    view = memoryview(raw)
    for blank in _BLANK.finditer(raw):
        after_previous, previous_blank = previous_blank, blank.end()
        if blank.start() < pos:
            continue
        header_start = raw.rfind(b"\n--", 0, blank.start())     # the part's boundary line
        if header_start < 0 or after_previous > header_start + 1:     # not a header block: a body's end
            continue
        if not _B64_HEADER.search(raw, header_start, blank.start()) or \
                _TEXT_TYPE.search(raw, header_start, blank.start()):
            continue                     # (a text body stays with the parser: it is read as text)
        body_start = blank.end()
        if raw.startswith(b"--", body_start):
            continue
        body_end = raw.find(b"\n--", body_start)
        body_end = len(raw) if body_end < 0 else body_end + 1
        if body_end - body_start < BIG_PART:
            continue
        token = _TOKEN.format(len(big))
        try:
            big[token] = binascii.a2b_base64(view[body_start:body_end])
        except binascii.Error:
            continue                     # left to the stdlib parser, which says what is wrong
        pieces += [view[pos:body_start], token.encode() + b"\r\n"]
        pos = body_end
    if not big:
        return parse_message(raw), {}
    pieces.append(view[pos:])
    return parse_message(b"".join(pieces)), big


def payload_bytes(part: Message, big: dict[str, bytes]) -> bytes:
    if big:
        text = part.get_payload()
        if isinstance(text, str) and text.startswith(_TOKEN_PREFIX):
            found = big.pop(text.strip(), None)
            if found is not None:
                return found
    return part.get_payload(decode=True) or b""


def part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    return decode_bytes(payload, part.get_content_charset())


def _is_attachment(part: Message, ctype: str, name: str | None) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    if name:
        return True
    return ctype not in _BODY_TYPES and not ctype.startswith("multipart/")


def fill_mail(mail: Mail, msg: Message, big: dict[str, bytes] | None = None) -> None:
    """Headers, bodies and documents of `msg` onto the unit of work (`big`: parse_lean's bodies)."""
    mail.headers = msg
    mail.message_id = (decode_text(msg.get("Message-ID")) or None)
    mail.sender_name, mail.sender = address_of(msg.get("From") or "")
    if not mail.sender:
        mail.sender_name, mail.sender = address_of(msg.get("Sender") or msg.get("Return-Path") or "")
    mail.subject = decode_text(msg.get("Subject"))
    mail.date = decode_text(msg.get("Date"))
    texts: list[str] = []
    htmls: list[str] = []
    _walk(mail, msg, None, texts, htmls, top=True, big=big or {})
    mail.body_text = "\n".join(t for t in texts if t.strip())
    mail.body_html = "\n".join(htmls)
    if not mail.body_text.strip() and htmls:
        mail.body_text = html_to_text(mail.body_html)


def _walk(mail: Mail, part: Message, container: str | None, texts: list, htmls: list, top: bool,
          big: dict) -> None:
    ctype = part.get_content_type()
    if ctype == "multipart/report":
        # A bounce or a read receipt: keep its human text, never its returned message.
        for sub in part.get_payload() or []:
            if isinstance(sub, Message) and sub.get_content_type() in _BODY_TYPES and top:
                texts.append(part_text(sub))
            elif isinstance(sub, Message) and sub.get_content_type() == "message/delivery-status" and top:
                blocks = sub.get_payload()
                mail.delivery_actions += [str(b.get("Action")).split(";")[0].strip().lower()
                                          for b in (blocks if isinstance(blocks, list) else [])
                                          if isinstance(b, Message) and b.get("Action")]
        mail.notes.append("multipart/report")
        return
    if part.is_multipart() and ctype != "message/rfc822":
        subs = part.get_payload()
        # multipart/alternative too: the plain text is read, the HTML kept (tables pasted in the body)
        for sub in subs if isinstance(subs, list) else []:
            _walk(mail, sub, container, texts, htmls, top, big)
        return
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(inner, Message):
            return
        name = part_filename(part) or (decode_text(inner.get("Subject")) or "forwarded") + ".eml"
        _name, addr = address_of(inner.get("From") or "")
        if addr:
            mail.forwarded_senders.append(addr)
        sub_texts: list[str] = []
        _walk(mail, inner, name, sub_texts, htmls, top=False, big=big)
        texts.extend(sub_texts)
        return
    name = part_filename(part)
    if ctype in _BODY_TYPES and not _is_attachment(part, ctype, name):
        text = part_text(part)
        if ctype == "text/html":
            htmls.append(text)
        else:
            texts.append(text)
        return
    try:
        data = payload_bytes(part, big)
    except Exception as exc:  # broken transfer encoding
        data = b""
        mail.notes.append(f"undecodable part {name or ctype}: {exc}")
    disposition = str(part.get("Content-Disposition") or "").lower()
    attached = disposition.startswith("attachment")
    inline = disposition.startswith("inline") or (bool(part.get("Content-ID")) and not attached)
    if not name:
        ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
               "text/calendar": ".ics", "application/ics": ".ics"}.get(ctype, "")
        cid = str(part.get("Content-ID") or "").strip("<> ")
        name = (cid.split("@")[0] if cid else "unnamed") + ext
    doc = Document(name=clean_text(name), data=data, container=container, declared_type=clean_text(ctype),
                   inline=inline)                  # a name from Content-ID, a type: raw header text
    if ctype in _SIGNATURE_TYPES:
        # an S/MIME or PGP signature of the mail itself: listed, never read as a document
        doc.set_aside(SIGNATURE_PART)
    elif is_calendar(doc):
        # a meeting invitation (iCalendar): listed, never read as a document; triage reads its METHOD
        doc.set_aside(CALENDAR_PART)
    elif ctype.startswith("image/") and inline and not attached and len(data) < _TINY_IMAGE:
        # a logo or spacer image shown inside the body: listed, not read. An explicitly attached
        # image is always a document, Content-ID or not.
        doc.set_aside(DECORATIVE_IMAGE)
    mail.documents.append(doc)


SIGNATURE_PART = "邮件的数字签名（S/MIME 或 PGP），不是材料，未查看"
CALENDAR_PART = "日历邀请（会议邀请等日程），不是材料，未查看"
CALENDAR_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar")


def is_calendar(doc: Document) -> bool:
    """An iCalendar object (RFC 5545), by its declared type or name and its first line."""
    declared = doc.declared_type in CALENDAR_TYPES or doc.name.lower().endswith((".ics", ".vcs"))
    return declared and doc.data.lstrip(b"\xef\xbb\xbf \r\n\t")[:15].upper() == b"BEGIN:VCALENDAR"
DECORATIVE_IMAGE = "正文中显示的小图片（标志、签名档等），未查看"


def header_block(raw: bytes) -> bytes:
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return raw[:min(ends) + 2] if ends else raw


def received_at(raw: bytes, notes: list) -> str:
    """When the center's server received the mail (top Received hop, else the Date header), in
    China time, ISO. mail-parser does this well: it normalises dates and time zones, reads the
    Received chain and names header defects."""
    import datetime as dt
    try:
        import mailparser
        parsed = mailparser.parse_from_bytes(header_block(raw) + b"\r\n")   # the headers: not a 50 MB body again
    except Exception as exc:  # a mail mail-parser cannot read is still read by the stdlib parser
        notes.append(f"mail-parser: {type(exc).__name__}")
        return ""
    for category in sorted(parsed.defects_categories or ()):
        notes.append(f"header defect: {category}")
    china = dt.timezone(dt.timedelta(hours=8))
    hops = parsed.received or []
    when = None
    if hops and hops[0].get("date_utc"):
        try:
            when = dt.datetime.fromisoformat(hops[0]["date_utc"])
        except ValueError:
            when = None
    if when is None and parsed.date:
        when = parsed.date.replace(tzinfo=dt.timezone.utc) if parsed.date.tzinfo is None else parsed.date
    return when.astimezone(china).isoformat(timespec="seconds") if when else ""
