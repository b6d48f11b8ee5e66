"""File names and header text decoded as a person reads them (pure functions, no server)."""
from __future__ import annotations

import base64

from hypothesis import given, strategies as st

from intake_bot.mail import mime
from intake_bot.mail.names import codec, decode_text, readable, sanitize


def _part(disposition: bytes) -> bytes:
    return (b"From: a@b.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
            b"--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: " + disposition +
            b"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--B--\r\n")


def _names(raw: bytes) -> list[str]:
    from intake_bot.mail.model import Mail
    mail = Mail(source="x", raw=raw)
    mime.fill_mail(mail, mime.parse_message(raw))
    return [d.name for d in mail.documents]


def test_gb2312_label_with_gbk_character():
    word = base64.b64encode("朱镕基报告.docx".encode("gbk")).decode()
    assert _names(_part(f'attachment; filename="=?gb2312?B?{word}?="'.encode())) == ["朱镕基报告.docx"]


def test_rfc2231_with_continuations():
    raw = _part(b"attachment;\r\n filename*0*=UTF-8''%E7%AB%9E%E8%B5%9B;\r\n filename*1*=%E6%80%BB%E7%BB%93.docx")
    assert _names(raw) == ["竞赛总结.docx"]


def test_raw_8bit_gbk_name():
    raw = _part(b'attachment; filename="' + "基本情况表.xlsx".encode("gbk") + b'"')
    assert _names(raw) == ["基本情况表.xlsx"]


def test_name_only_in_content_type_and_split_encoded_words():
    a = base64.b64encode("附件1：2024年自治区级职业技能".encode("gbk")).decode()
    b = base64.b64encode("竞赛基本情况表.xlsx".encode("gbk")).decode()
    raw = _part(b"inline").replace(b"application/octet-stream",
                                   f'application/vnd.ms-excel;\r\n name="=?GBK?B?{a}?=\r\n =?GBK?B?{b}?="'.encode())
    assert _names(raw) == ["附件1：2024年自治区级职业技能竞赛基本情况表.xlsx"]


def test_big5_and_codec_mapping():
    word = base64.b64encode("競賽總結.doc".encode("big5")).decode()
    assert decode_text(f"=?big5?B?{word}?=") == "競賽總結.doc"
    assert codec("GB2312") == "gb18030" and codec("x-gbk") == "gb18030"


def test_sanitize_strips_paths_controls_and_bidi():
    assert sanitize("../../etc/passwd") == "passwd"
    assert sanitize("..\\..\\Windows\\启动\\run.bat") == "run.bat"
    assert sanitize("成绩单\u202efdp.exe") == "成绩单fdp.exe"
    long = "很" * 300 + ".docx"
    out = sanitize(long, 180)
    assert out.endswith(".docx") and len(out.encode()) <= 180


@given(st.text(min_size=1, max_size=80))
def test_sanitize_never_yields_a_path(name):
    out = sanitize(name)
    assert out and "/" not in out and "\\" not in out and out not in (".", "..")
    assert readable(out) or "\ufffd" in name or any("\udc80" <= c <= "\udcff" for c in name)


def test_rfc2231_names_damaged_in_transit_are_read_not_fatal():
    """Found by the fuzzing long mode (bench/bench_fuzz.py): each of these stopped the MIME parse, so the
    whole mail was quarantined instead of read — a charset label with a raw 8-bit byte or a NUL (Python
    cannot even look such a codec up), and a value with raw 8-bit bytes beside its %-escapes."""
    from intake_bot.mail.names import decode_bytes
    assert decode_bytes("总结".encode(), "iso-8\udcc8") == "总结"
    assert decode_bytes("总结".encode(), "utf\x00-8") == "总结"
    assert _names(_part(b"attachment; filename*=iso-8\xc8''%E6%80%BB%E7%BB%93.docx")) == ["总结.docx"]
    assert _names(_part(b"attachment; filename*=utf-8''%E3%81%8B\xe3\x81\x8d.docx")) == ["かき.docx"]
