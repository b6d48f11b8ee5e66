"""What the mail text itself says: 'we ran no other competitions', large-attachment links.

Only the sender's own words count: quoted replies (our earlier gap list among them) are cut off.
"""
from __future__ import annotations

import re
import unicodedata

_QUOTE_START = re.compile(
    r"^\s*(-{2,}\s*(原始邮件|Original Message|转发邮件|Forwarded message)\s*-{2,}|"
    r"在\s*.{0,60}写道[:：]|On .{0,120} wrote:|发件人[:：]|From:\s.*@|"
    r"-{5,}\s*(回复的原邮件|邮件原文)?\s*-{0,}$|_{10,})", re.I)

_NONE_DECLARED = (
    re.compile(r"(未|没有|无|并未|不曾|未曾|没)(再)?(有)?(自行|另行|单独|另外)(开展|组织|举办|组织开展|举行)(过)?的?"
               r"(其[它他]|别的|另外的|其余)?的?(职业技能|技能)?(竞赛|比赛|赛事|大赛)"),
    re.compile(r"(未|没有|无|并未|不曾|未曾|没)(再)?(有)?(开展|组织|举办|组织开展|举行)(过)?的?"
               r"(其[它他]|别的|另外的|其余)的?(职业技能|技能)?(竞赛|比赛|赛事|大赛)"),
    re.compile(r"(自行开展的)?其[它他](的)?(职业技能)?(竞赛|比赛)(开展)?(情况)?[:：为是]{0,2}"
               r"(无|没有|暂无|未开展|未组织|未举办|不涉及)(?![关法])"),
    re.compile(r"无(自行开展的)?其[它他](的)?(职业技能)?(竞赛|比赛)"),
)
_MENTIONS_MATERIAL = re.compile(r"总结|成绩单|成绩表|基本情况表|附件|材料|报送|补报")
_LARGE_LINK = re.compile(
    r"(超大附件|large-?attachment|ftn(Exs)?_?download|HUGE-ATTACHMENT|/ftn/|文件中转站|大附件)", re.I)
_URL = re.compile(r"https?://\S+")


def own_text(body: str) -> str:
    """The sender's own words: quoted lines and everything after a reply/forward marker dropped."""
    out = []
    for line in body.replace("\r", "").split("\n"):
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return "\n".join(out)


def declares_no_other(body: str) -> bool:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", own_text(body)))
    return any(p.search(text) for p in _NONE_DECLARED)


def large_attachment_link(body: str, html: str = "") -> bool:
    for text in (body, html):
        if _URL.search(text or "") and _LARGE_LINK.search(text or ""):
            return True
    return False


def mentions_material(text: str) -> bool:
    """The sender writes about the materials (an attachment forgotten, a promise to send)."""
    return bool(_MENTIONS_MATERIAL.search(own_text(text)))


_QUOTED_SENDER = re.compile(r"^\s*(?:发件人|From)\s*[:：].*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.M | re.I)


def quoted_senders(body: str) -> list[str]:
    """Addresses in 'From:' / '发件人：' lines of forwarded or quoted mail pasted into the body."""
    return [m.group(1).lower() for m in _QUOTED_SENDER.finditer(body or "")]
