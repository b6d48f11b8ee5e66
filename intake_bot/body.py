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


# A statement that something does not exist, read by structure, not by listed phrasings: in one
# sentence, the topic (the campaign's words for what may be absent) and a negation that scopes it —
# before it ("未自行开展其他竞赛", "无其他赛事") or after it, at the end of a label or a clause
# ("其他竞赛情况：无", "其他比赛，今年我们没有举办"); time words and the speaker may sit anywhere.
_SENTENCE = re.compile(r"[。；;！!？?\n]+")
_NEGATION = re.compile(r"从未|未曾|不曾|并未|尚未|均未|皆未|并无|均无|暂无|尚无|再无|没有|未|无|没|零|不涉及|不存在|否")
_NOT_EXISTENCE = re.compile(      # negations of something else: "no problem", "could not", "not attached"
    r"无误|无法|无关|无需|无须|无异议|无意|未能|未附|未及|未尽|未按|未收到|未完成|未签|未盖|没有问题|没问题|否则|是否")
_WHAT_FOLLOWS = re.compile(        # what may follow a negation that speaks of existence
    r"(再|另|另行|自行|自主|单独|额外|又|曾|有|过|了|的|任何|举行|举办|开展|组织|承办|进行|主办|安排|实施|搞|办|[\d０-９]|其)")
_ZERO = re.compile(r"(^|[：:为是共计\s])(0|零|〇)\s*(项|场|次|个|届)?($|[，,、。）)])")
_BARE_NEGATION = re.compile(r"[(（]?(无|没有|暂无|均无|不涉及|未开展|未举办|未组织|否|0|零)[)）]?[.。]?")
_NEAR = 24                         # characters between the negation and the topic, within the sentence


def declares_none(text: str, topic: str, only: str = "") -> bool:
    """The sender's own words state that `topic` (a regex: 'other competitions') did not happen, or
    that `only` (a regex: 'only this competition was held') holds."""
    own = unicodedata.normalize("NFKC", own_text(text))
    topic_re = re.compile(topic)
    only_re = re.compile(only) if only else None
    heading = False                 # the previous sentence names the topic and says nothing of it
    for sentence in _SENTENCE.split(own):
        sentence = re.sub(r"[ \t\u3000]+", "", sentence)
        if not sentence:
            continue
        if only_re is not None and only_re.search(sentence):
            return True
        if heading and _BARE_NEGATION.fullmatch(sentence):          # "其他竞赛情况" / "无"
            return True
        matches = list(topic_re.finditer(sentence))
        if any(_negated(sentence, m.start(), m.end()) for m in matches):
            return True
        heading = bool(matches)
    return False


def _negated(sentence: str, start: int, end: int) -> bool:
    masked = _NOT_EXISTENCE.sub(lambda m: "#" * len(m.group()), sentence)
    for neg in _NEGATION.finditer(masked):
        if neg.end() <= start and start - neg.end() <= _NEAR:       # 未(自行)开展其他竞赛 / 无其他赛事
            if neg.end() == start or _WHAT_FOLLOWS.match(masked, neg.end()):
                return True
        elif neg.start() >= end and neg.start() - end <= _NEAR:     # 其他竞赛情况：无 / ……今年没有举办
            rest = masked[neg.end():]
            if not rest or rest[0] in "，,、）)”\"" or _WHAT_FOLLOWS.match(rest) or rest.startswith(("此", "该")):
                return True
    return bool(_ZERO.search(masked[end:end + _NEAR]))


def declares_no_other(body: str, material=None) -> bool:
    """The body's statement for the campaign's body-statement material (its topic and 'only' words)."""
    if material is None or not material.statement_topic:
        return False
    return declares_none(body, material.statement_topic, material.statement_only)


def large_attachment_link(body: str, html: str = "") -> bool:
    for text in (body, html):
        if _URL.search(text or "") and _LARGE_LINK.search(text or ""):
            return True
    return False


def mentions_material(text: str, words: str = "") -> bool:
    """The sender writes about this collection's materials (an attachment forgotten, a promise to
    send): the campaign's `mention_words` (a regex), else the generic words."""
    pattern = re.compile(words) if words else _MENTIONS_MATERIAL
    own = re.sub(r"\s+", "", unicodedata.normalize("NFKC", own_text(text)))
    return bool(pattern.search(own))


_QUOTED_SENDER = re.compile(r"^\s*(?:发件人|From)\s*[:：].*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.M | re.I)


def quoted_senders(body: str) -> list[str]:
    """Addresses in 'From:' / '发件人：' lines of forwarded or quoted mail pasted into the body."""
    return [m.group(1).lower() for m in _QUOTED_SENDER.finditer(body or "")]
