"""A sender's text as replies and the workbook quote it (links taken out, long text cut), and why a file
was refused, in the sender's words (the technical reason stays in the records)."""
from __future__ import annotations

import re

from .names import clean_text


# token that looks like a host name — labels of letters, digits and hyphens (full-width ones too) joined by
# any kind of dot (. 。 ． ｡) and ending in a label of two or more characters that begins with a letter
# (t.me, bit.ly, win.vip, loan.shop/x, evil。com, xn--fiqs8s), with whatever path follows it; dotted IP
# addresses too. Numbers (12.30, 3.5) are not host names.
_DOT = "[.。．｡]"
_LABEL = "[A-Za-z0-9Ａ-Ｚａ-ｚ０-９_-]+"
_URL = re.compile(
    rf"(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:|www{_DOT})\S*"
    rf"|(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９_-]){_LABEL}(?:{_DOT}{_LABEL})*"
    rf"{_DOT}(?:[A-Za-zＡ-Ｚａ-ｚ][A-Za-z0-9Ａ-Ｚａ-ｚ０-９-]*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９])(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９_-])"
    rf"(?:[/:?#＃／][^\s，。、；！？）)]*)?"
    rf"|\b\d{{1,3}}(?:{_DOT}\d{{1,3}}){{3}}\b(?:[/:][^\s，。、；！？）)]*)?",
    re.I)
FILE_TYPES = {"doc", "docx", "wps", "xls", "xlsx", "et", "csv", "pdf", "ofd", "txt", "rtf", "odt", "ods",
              "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "heic", "webp", "zip", "rar", "7z", "eml",
              "ppt", "pptx", "html", "htm",
              "exe", "bat", "cmd", "scr", "js", "vbs", "msi", "apk", "jar", "ps1", "lnk", "hta", "dll", "sh"}
#   (".com" stays a host name: a file named x.com is not quoted either)
LINK_OMITTED = "（链接已略去）"


def _unlinked(text: str) -> str:
    """Every link-like token replaced; a file name (NAME.docx, NAME.pdf, no path) keeps its type and only
    its NAME is looked at again (evil.com.pdf loses evil.com)."""
    def omit(m: re.Match) -> str:
        head, dot, ext = m.group(0).rpartition(".")
        if dot and head and ext.lower() in FILE_TYPES and not re.search(r"[/／]|://|^www", head, re.I):
            return _URL.sub(LINK_OMITTED, head) + dot + ext
        return LINK_OMITTED
    return _URL.sub(omit, text)


def quoted(text: str, limit: int = 40, file_name: bool = False) -> str:
    """A sender's words as a reply may repeat them: nothing that looks like a link or a host name, no
    control or bidi characters, no folder part of a file name, and short (a reply must never carry
    someone else's message onward)."""
    text = clean_text(text or "")
    if file_name:
        text = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    text = _unlinked(text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


REFUSAL_TEXT = (
    (re.compile(r"password|encrypted|密码", re.I), "文件设有密码，无法打开，请去掉密码后重新发送"),
    (re.compile(r"archive bomb|archive has|nested deeper|archive.*manual check|Office file archive", re.I),
     "压缩包无法安全打开，请直接发送其中的文件"),
    (re.compile(r"traversal|absolute path", re.I), "文件名含有不安全的路径，未打开"),
    (re.compile(r"executable|double extension|script", re.I), "可执行文件或脚本，不予接收"),
    (re.compile(r"zero-byte", re.I), "空文件（0 字节），请重新发送"),
    (re.compile(r"owner \(lock\) file", re.I), "这是 Office 打开文档时生成的临时文件（~$ 开头），不是文档本身，请发送原文件"),
    (re.compile(r"too large|内存|超过", re.I), "文件过大或过于复杂，无法自动读取，请转换为 PDF 后重新发送"),
    (re.compile(r"cannot be decoded", re.I), "文件名无法识别，请改用中文或英文文件名后重新发送"),
)


def refusal_text(reason: str) -> str:
    """Why a file was refused, in the sender's words (the technical reason stays in the records)."""
    for pattern, text in REFUSAL_TEXT:
        if pattern.search(reason or ""):
            return text
    return "文件已损坏或无法读取，请检查后重新发送"
